"""The evidence of a digital signature: what the PDF prints, and that it stays."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.test import Client

from dpaportal.accounts.models import User
from dpaportal.agreements import signing
from dpaportal.agreements.models import (
    AgreementSettings,
    AgreementStatus,
    EvidenceIsFrozen,
    SignatureEvidence,
    SignedAgreement,
)
from dpaportal.audit.models import AuditEvent
from dpaportal.audit.services import verify_audit_log
from dpaportal.organisations.models import Membership, Organisation, Role
from tests.agreements.conftest import (
    read_to_the_end,
    shown_fingerprint,
    signer_client,
    submit_signature,
)
from tests.conftest import logged_in, make_user
from tests.documents.pdftext import page_texts

pytestmark = pytest.mark.django_db

OPENED, END_REACHED, SIGNED = (
    datetime(2026, 3, 2, 9, 15, 0, tzinfo=UTC),
    datetime(2026, 3, 2, 9, 21, 30, 250000, tzinfo=UTC),
    datetime(2026, 3, 2, 9, 22, 5, 900000, tzinfo=UTC),
)

CONSENT = (
    "I confirm that I am authorized to sign this data processing agreement on "
    "behalf of Muster GmbH, that I have read it in full, and I sign it "
    "electronically with the name typed below."
)

# The footprint the tests' browser reports (conftest.FOOTPRINT), as the
# canonical JSON whose SHA-256 the evidence carries.
FOOTPRINT_JSON = (
    '{"languages":"de-DE, en","pixel_ratio":"1","platform":"Linux x86_64",'
    '"screen":"1920x1080x24","time_zone":"Europe/Berlin"}'
)

USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0"

INSTRUCTION_GIVERS = [
    {"name": "Adam Second", "email": "adam@muster.example", "role": "Administrator"},
    {"name": "Alice Admin", "email": "alice@muster.example", "role": "Administrator"},
    {
        "name": "Carla Named",
        "email": "carla@muster.example",
        "role": "Named by the controller",
    },
]


@pytest.fixture
def carla(muster: Organisation) -> User:
    """A member named as a person authorized to issue instructions."""
    user = make_user("carla@muster.example", "Carla Named")
    Membership.objects.create(organisation=muster, user=user, role=Role.MEMBER)
    return user


@pytest.fixture
def adam(muster: Organisation) -> User:
    """A second administrator, among the instruction givers without being named."""
    user = make_user("adam@muster.example", "Adam Second")
    Membership.objects.create(organisation=muster, user=user, role=Role.ADMINISTRATOR)
    return user


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The signing service reads the time once for each step: open, end, sign."""
    moments = iter([OPENED, END_REACHED, SIGNED])
    monkeypatch.setattr(signing, "timezone", SimpleNamespace(now=lambda: next(moments)))


@pytest.fixture
def signed(
    bob: User,
    adam: User,
    carla: User,
    dpa_settings: AgreementSettings,
    frozen_clock: None,
) -> tuple[Client, str]:
    """Bob signed, Adam and Alice administrators, Carla named; client, fingerprint."""
    dpa_settings.instruction_givers.add(carla)
    client = signer_client(bob)
    fingerprint = shown_fingerprint(client)
    read_to_the_end(client, fingerprint)
    response = submit_signature(client, fingerprint, name="Bob T. Member")
    assert isinstance(response, HttpResponse)
    assert response.status_code == 302
    return client, fingerprint


def evidence_page_text(client: Client) -> str:
    """The evidence page of the downloaded PDF, with whitespace made single."""
    agreement = SignedAgreement.objects.get()
    pdf = client.get(f"/o/muster-gmbh/dpa/signed/{agreement.pk}.pdf").getvalue()
    pages = page_texts(pdf, artifacts=False)
    first = next(
        index
        for index, text in enumerate(pages)
        if "Evidence of the electronic signature" in text
    )
    return " ".join(" ".join(pages[first:]).split())


def expected_record(
    client: Client, fingerprint: str, signer: User, organisation: Organisation
) -> dict[str, object]:
    """The evidence of the signature in ``signed``, written out."""
    return {
        "signer": {
            "user_id": signer.pk,
            "name": "Bob Member",
            "typed_name": "Bob T. Member",
            "email": "bob@muster.example",
            "role": "member",
            "organisation": "Muster GmbH",
            "organisation_id": organisation.pk,
        },
        "network": {"ip_address": "203.0.113.9", "user_agent": USER_AGENT},
        "browser_footprint": {
            "values": {
                "time_zone": "Europe/Berlin",
                "languages": "de-DE, en",
                "screen": "1920x1080x24",
                "platform": "Linux x86_64",
                "pixel_ratio": "1",
            },
            "sha256": hashlib.sha256(FOOTPRINT_JSON.encode()).hexdigest(),
        },
        "authentication": {
            "session_reference": session_reference_of(client),
            "login_method": "password",
        },
        "times_utc": {
            "opened": "2026-03-02T09:15:00Z",
            "end_reached": "2026-03-02T09:21:30Z",
            "signed": "2026-03-02T09:22:05Z",
        },
        "document": {
            "version": "1.0",
            "language": "en",
            "identifier": f"DPA-1.0-EN-{fingerprint[:10].upper()}",
            "fingerprint_sha256": fingerprint,
        },
        "consent": {"wording": CONSENT, "confirmed": True},
        "instruction_givers_at_signing": INSTRUCTION_GIVERS,
    }


def session_reference_of(client: Client) -> str:
    key = client.session.session_key
    return hashlib.sha256(f"dpaportal-session:{key}".encode()).hexdigest()[:32]


def assert_page_shows_the_signature_as_made(
    text: str, client: Client, fingerprint: str
) -> None:
    footprint_hash = hashlib.sha256(FOOTPRINT_JSON.encode()).hexdigest()
    for line in [
        "Name in the user profile Bob Member",
        "Name typed when signing Bob T. Member",
        "E-mail bob@muster.example",
        "Role Member, authorized signer",
        "Organisation Muster GmbH",
        "IP address 203.0.113.9",
        f"User agent {USER_AGENT}",
        "Time zone Europe/Berlin",
        "Languages de-DE, en",
        "Screen 1920x1080x24",
        "Platform Linux x86_64",
        f"SHA-256 of the footprint {footprint_hash}",
        f"Session reference {session_reference_of(client)}",
        "Login method E-mail address and password",
        "Document opened 2026-03-02T09:15:00Z",
        "End of the document reached 2026-03-02T09:21:30Z",
        "Signed 2026-03-02T09:22:05Z",
        "DPA version 1.0",
        "Language en",
        f"Document identifier DPA-1.0-EN-{fingerprint[:10].upper()}",
        f"Fingerprint (SHA-256) {fingerprint}",
        f"Consent shown and confirmed {CONSENT}",
        "Persons authorized to issue instructions at signing Name E-mail Role "
        "Adam Second adam@muster.example Administrator "
        "Alice Admin alice@muster.example Administrator "
        "Carla Named carla@muster.example Named by the controller",
    ]:
        assert line in text


def test_the_evidence_page_prints_everything_the_brief_lists(
    signed: tuple[Client, str],
) -> None:
    client, fingerprint = signed

    text = evidence_page_text(client)

    assert_page_shows_the_signature_as_made(text, client, fingerprint)


def test_the_evidence_record_holds_the_values_at_signing_and_its_hash(
    signed: tuple[Client, str], bob: User, muster: Organisation
) -> None:
    client, fingerprint = signed

    evidence = SignatureEvidence.objects.get()

    assert evidence.record == expected_record(client, fingerprint, bob, muster)
    canonical = json.dumps(
        evidence.record, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert evidence.record_sha256 == hashlib.sha256(canonical.encode()).hexdigest()


def test_later_changes_to_people_and_settings_leave_the_evidence_as_it_was(
    signed: tuple[Client, str],
    alice: User,
    bob: User,
    adam: User,
    carla: User,
    muster: Organisation,
    dpa_settings: AgreementSettings,
) -> None:
    client, fingerprint = signed

    bob.full_name, bob.email = "Robert Renamed", "robert@muster.example"
    bob.save()
    carla.full_name = "Carla Renamed"
    carla.save()
    Membership.objects.filter(user=adam).update(role=Role.MEMBER)
    muster.name = "Muster Holding GmbH"
    muster.save()
    dpa_settings.instruction_givers.set([bob])
    dpa_settings.default_groups = ["freelancers"]
    dpa_settings.own_groups = ["Patients"]
    dpa_settings.legal_name = "Muster Holding GmbH"
    dpa_settings.save()

    assert SignatureEvidence.objects.get().record == expected_record(
        client, fingerprint, bob, muster
    )
    agreement = SignedAgreement.objects.get()
    assert (agreement.signer_name, agreement.signer_email) == (
        "Bob T. Member",
        "bob@muster.example",
    )
    text = evidence_page_text(logged_in(alice))
    assert_page_shows_the_signature_as_made(text, client, fingerprint)
    assert "Renamed" not in text
    assert "Holding" not in text


def test_a_signed_dpa_refuses_every_change_but_being_superseded(
    signed: tuple[Client, str],
) -> None:
    agreement = SignedAgreement.objects.get()
    agreement.signer_name = "Mallory"

    with pytest.raises(EvidenceIsFrozen):
        agreement.save()
    with pytest.raises(EvidenceIsFrozen):
        agreement.save(update_fields=["signer_name"])
    with pytest.raises(EvidenceIsFrozen):
        agreement.save(update_fields=["status", "signer_name"])

    agreement.status = AgreementStatus.SUPERSEDED
    agreement.save(update_fields=["status"])
    stored = SignedAgreement.objects.get()
    assert (stored.status, stored.signer_name) == ("superseded", "Bob T. Member")


def test_the_evidence_record_refuses_every_change(signed: tuple[Client, str]) -> None:
    evidence = SignatureEvidence.objects.get()
    evidence.record = {**evidence.record, "network": {"ip_address": "192.0.2.1"}}

    with pytest.raises(EvidenceIsFrozen):
        evidence.save()
    with pytest.raises(EvidenceIsFrozen):
        evidence.save(update_fields=["record"])

    assert SignatureEvidence.objects.get().record["network"]["ip_address"] == (
        "203.0.113.9"
    )


def test_bulk_updates_and_deletes_of_the_signed_record_are_refused(
    signed: tuple[Client, str],
) -> None:
    agreements = SignedAgreement.objects.all()
    evidence = SignatureEvidence.objects.all()

    with pytest.raises(EvidenceIsFrozen):
        agreements.update(signer_name="Mallory")
    with pytest.raises(EvidenceIsFrozen):
        agreements.update(status=AgreementStatus.SUPERSEDED, pdf_sha256="0" * 64)
    with pytest.raises(EvidenceIsFrozen):
        evidence.update(record={})
    with pytest.raises(EvidenceIsFrozen):
        evidence.delete()
    with pytest.raises(EvidenceIsFrozen):
        agreements.delete()

    assert SignedAgreement.objects.get().signer_name == "Bob T. Member"
    assert SignatureEvidence.objects.get().record["signer"]["typed_name"] == (
        "Bob T. Member"
    )


def test_superseding_by_a_bulk_update_of_the_status_is_allowed(
    signed: tuple[Client, str],
) -> None:
    SignedAgreement.objects.update(status=AgreementStatus.SUPERSEDED)

    assert SignedAgreement.objects.get().status == AgreementStatus.SUPERSEDED


def test_the_signed_event_chains_the_hashes_of_the_evidence_and_the_pdf(
    signed: tuple[Client, str],
) -> None:
    event = AuditEvent.objects.get(event_type="dpa.signed")

    assert (
        event.details["record_sha256"] == SignatureEvidence.objects.get().record_sha256
    )
    assert event.details["pdf_sha256"] == SignedAgreement.objects.get().pdf_sha256
    assert verify_audit_log().intact


def test_postgresql_refuses_changes_to_the_signed_record_even_from_raw_sql(
    signed: tuple[Client, str],
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the triggers exist on PostgreSQL only")
    agreement = SignedAgreement.objects.get()

    for sql in (
        "UPDATE agreements_signedagreement SET signer_name = 'Mallory' WHERE id = %s",
        "UPDATE agreements_signedagreement SET status = 'superseded', "
        "seal_level = 'B-LTA' WHERE id = %s",
        "DELETE FROM agreements_signedagreement WHERE id = %s",
        "UPDATE agreements_signatureevidence SET record = '{}' WHERE agreement_id = %s",
        "DELETE FROM agreements_signatureevidence WHERE agreement_id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match=r"cannot be|frozen"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [agreement.pk])

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE agreements_signedagreement SET status = 'superseded', "
            "signed_by_id = NULL WHERE id = %s",
            [agreement.pk],
        )
    stored = SignedAgreement.objects.get()
    assert (stored.status, stored.signed_by_id) == ("superseded", None)
