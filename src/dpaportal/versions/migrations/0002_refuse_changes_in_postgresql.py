"""On PostgreSQL the database refuses to change or delete a published version.

The model and its query set refuse too, but a trigger also stops raw SQL,
other programs sharing the database, and a row published between a check
and a write. A published version may still be retired and lose the user who
created it (SET NULL when that user is deleted). TRUNCATE fires no row
trigger, so the test suite can still empty the table between tests.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION dpa_version_is_final() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'draft' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'UPDATE'
        AND (NEW.major, NEW.minor, NEW.content, NEW.change_summary,
             NEW.published_at)
            IS NOT DISTINCT FROM
            (OLD.major, OLD.minor, OLD.content, OLD.change_summary,
             OLD.published_at)
        AND (NEW.status = OLD.status
             OR (OLD.status = 'published' AND NEW.status = 'retired'))
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'DPA version %.% is published (% refused)',
        OLD.major, OLD.minor, TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER dpa_version_final
    BEFORE UPDATE OR DELETE ON versions_dpaversion
    FOR EACH ROW EXECUTE FUNCTION dpa_version_is_final();
"""

DROP = """
DROP TRIGGER IF EXISTS dpa_version_final ON versions_dpaversion;
DROP FUNCTION IF EXISTS dpa_version_is_final();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("versions", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
