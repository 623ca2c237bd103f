"""On PostgreSQL the database itself keeps signed DPAs and their evidence.

The models refuse changes too, but a trigger also stops raw SQL and other
programs that share the database. A signed DPA may still change its status
(a newer signature supersedes it) and lose its link to the signer's account
(the account was deleted; the name and address stay in the row). TRUNCATE is
left alone: the test suite empties tables with it between tests (see
docs/limitations.md).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION signed_agreement_is_frozen() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'signed DPAs cannot be removed';
    END IF;
    IF (to_jsonb(NEW) - 'status' - 'signed_by_id')
            IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'signed_by_id')
        OR (NEW.signed_by_id IS NOT NULL
            AND NEW.signed_by_id IS DISTINCT FROM OLD.signed_by_id) THEN
        RAISE EXCEPTION 'a signed DPA cannot be changed, only superseded';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER signed_agreement_frozen
    BEFORE UPDATE OR DELETE ON agreements_signedagreement
    FOR EACH ROW EXECUTE FUNCTION signed_agreement_is_frozen();

CREATE OR REPLACE FUNCTION signature_evidence_is_frozen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'signature evidence is frozen (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER signature_evidence_frozen
    BEFORE UPDATE OR DELETE ON agreements_signatureevidence
    FOR EACH ROW EXECUTE FUNCTION signature_evidence_is_frozen();
"""

DROP = """
DROP TRIGGER IF EXISTS signature_evidence_frozen ON agreements_signatureevidence;
DROP FUNCTION IF EXISTS signature_evidence_is_frozen();
DROP TRIGGER IF EXISTS signed_agreement_frozen ON agreements_signedagreement;
DROP FUNCTION IF EXISTS signed_agreement_is_frozen();
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0003_signedagreement_agreement_version_status")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
