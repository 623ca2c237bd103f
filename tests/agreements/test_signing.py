from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.utils.formats import date_format

from dpaportal.accounts.models import User
from dpaportal.agreements.models import (
    AgreementSettings,
    SignatureEvidence,
    SignedAgreement,
)
from dpaportal.audit.models import AuditEvent
from dpaportal.audit.services import verify_audit_log
from dpaportal.organisations.models import Organisation
from dpaportal.versions.services import publish_version, start_draft
from tests.agreements.conftest import (
    read_to_the_end,
    shown_fingerprint,
    signer_client,
    submit_signature,
)
from tests.agreements.factories import hosting_provider
from tests.conftest import logged_in
from tests.documents.pdftext import page_texts

pytestmark = pytest.mark.django_db


def test_the_signer_reads_to_the_end_signs_and_downloads_at_once(
    alice: User, bob: User, dpa_settings: AgreementSettings
) -> None:
    client = signer_client(bob)
    fingerprint = shown_fingerprint(client)
    read_to_the_end(client, fingerprint)

    response = submit_signature(client, fingerprint)

    assert response.status_code == 302
    agreement = SignedAgreement.objects.get()
    assert (agreement.fingerprint, agreement.signer_name) == (fingerprint, "Bob Member")
    assert agreement.seal_level == "B-B"
    pdf = client.get(f"/o/muster-gmbh/dpa/signed/{agreement.pk}.pdf")
    assert pdf.status_code == 200
    assert hashlib.sha256(pdf.content).hexdigest() == agreement.pdf_sha256
    assert default_storage.exists(agreement.pdf_name)
    assert agreement.pdf_sha256 in agreement.pdf_name
    assert (
        logged_in(alice)
        .get(f"/o/muster-gmbh/dpa/signed/{agreement.pk}.pdf")
        .status_code
        == 200
    )
    assert sorted(message.to[0] for message in mail.outbox) == [
        "alice@muster.example",
        "bob@muster.example",
    ]
    kinds = set(AuditEvent.objects.values_list("event_type", flat=True))
    assert {
        "dpa.document_opened",
        "dpa.end_reached",
        "dpa.signed",
        "dpa.downloaded",
    } <= kinds
    assert verify_audit_log().intact


def test_a_second_request_returns_the_same_signed_dpa(
    alice: User, bob: User, dpa_settings: AgreementSettings
) -> None:
    client = signer_client(bob)
    fingerprint = shown_fingerprint(client)
    read_to_the_end(client, fingerprint)
    submit_signature(client, fingerprint)
    mails_after_first = len(mail.outbox)

    again = submit_signature(client, fingerprint)

    assert again.status_code == 302
    assert SignedAgreement.objects.count() == 1
    assert len(mail.outbox) == mails_after_first


def test_signing_without_a_recorded_read_through_is_refused(
    bob: User, dpa_settings: AgreementSettings
) -> None:
    client = signer_client(bob)
    fingerprint = shown_fingerprint(client)

    response = submit_signature(client, fingerprint)

    assert response.status_code == 400
    assert b"scroll through the whole document" in response.content
    assert not SignedAgreement.objects.exists()


def test_a_read_through_in_another_session_does_not_count(
    bob: User, dpa_settings: AgreementSettings
) -> None:
    reader = signer_client(bob)
    fingerprint = shown_fingerprint(reader)
    read_to_the_end(reader, fingerprint)
    other_session = signer_client(bob)

    response = submit_signature(other_session, fingerprint)

    assert response.status_code == 400
    assert not SignedAgreement.objects.exists()


def engage_a_sub_processor(dpa_settings: AgreementSettings, staff: User) -> None:
    hosting_provider(name="Newly Engaged GmbH")


def add_an_affected_group(dpa_settings: AgreementSettings, staff: User) -> None:
    dpa_settings.own_groups = [*dpa_settings.own_groups, "Patients"]
    dpa_settings.save()


def publish_a_new_version(dpa_settings: AgreementSettings, staff: User) -> None:
    publish_version(start_draft(staff), staff)


@pytest.mark.parametrize(
    "change", [engage_a_sub_processor, add_an_affected_group, publish_a_new_version]
)
def test_a_document_changed_since_it_was_shown_must_be_read_again(
    bob: User,
    lena: User,
    dpa_settings: AgreementSettings,
    change: Callable[[AgreementSettings, User], None],
) -> None:
    client = signer_client(bob)
    fingerprint = shown_fingerprint(client)
    read_to_the_end(client, fingerprint)
    change(dpa_settings, lena)

    response = submit_signature(client, fingerprint)

    assert response.status_code == 409
    assert (
        b"The document has changed since it was shown. Please read it again."
        in response.content
    )
    assert not SignedAgreement.objects.exists()
    assert not SignatureEvidence.objects.exists()
    assert shown_fingerprint(client) != fingerprint


def test_opening_the_document_without_reaching_its_end_is_not_enough(
    bob: User, dpa_settings: AgreementSettings
) -> None:
    client = signer_client(bob)
    fingerprint = shown_fingerprint(client)
    opened = client.post(
        "/o/muster-gmbh/dpa/sign/reading/",
        {"fingerprint": fingerprint, "event": "opened"},
        content_type="application/json",
    )

    response = submit_signature(client, fingerprint)

    assert opened.json() == {"end_reached": False}
    assert response.status_code == 400
    assert b"Please scroll through the whole document before signing." in (
        response.content
    )
    assert not SignedAgreement.objects.exists()


@pytest.mark.parametrize(
    ("name", "confirm", "message"),
    [
        ("   ", True, b"Please type your full name."),
        ("Bob Member", False, b"confirm that you are authorized"),
    ],
)
def test_an_empty_name_or_a_missing_confirmation_is_refused(
    bob: User, dpa_settings: AgreementSettings, name: str, confirm: bool, message: bytes
) -> None:
    client = signer_client(bob)
    fingerprint = shown_fingerprint(client)
    read_to_the_end(client, fingerprint)

    response = submit_signature(client, fingerprint, name=name, confirm=confirm)

    assert response.status_code == 400
    assert message in response.content
    assert not SignedAgreement.objects.exists()


def test_an_administrator_who_is_not_a_named_signer_may_not_sign(
    alice: User, dpa_settings: AgreementSettings
) -> None:
    client = signer_client(alice)

    refused = submit_signature(client, "0" * 64)

    assert refused.status_code == 403
    assert b"Only the authorized signers" in refused.content
    assert b'id="sign-form"' not in refused.content
    assert not SignedAgreement.objects.exists()


def test_no_signature_before_the_licence_agreement_is_signed(
    bob: User, muster: Organisation, dpa_settings: AgreementSettings
) -> None:
    client = signer_client(bob)
    fingerprint = shown_fingerprint(client)
    read_to_the_end(client, fingerprint)
    muster.licence_signed_at = None
    muster.save()

    refused = submit_signature(client, fingerprint)

    assert refused.status_code == 400
    assert (
        b"The DPA can be signed once the licence agreement is signed."
        in refused.content
    )
    assert b'id="sign-form"' not in refused.content
    assert not SignedAgreement.objects.exists()
    assert client.get("/o/muster-gmbh/dpa/sign/").status_code == 302
    page = client.get("/o/muster-gmbh/dpa/")
    assert page.status_code == 200
    assert b"Until then, signing is not offered." in page.content
    assert b"Sign DPA" not in page.content
    assert b"/o/muster-gmbh/dpa/sign/" not in page.content


def test_reading_reports_with_bad_input_are_refused(
    bob: User, dpa_settings: AgreementSettings
) -> None:
    client = signer_client(bob)
    url = "/o/muster-gmbh/dpa/sign/reading/"

    not_json = client.post(url, "{", content_type="application/json")
    bad_event = client.post(
        url, {"fingerprint": "x", "event": "skim"}, content_type="application/json"
    )
    stale = client.post(
        url, {"fingerprint": "0" * 64, "event": "end"}, content_type="application/json"
    )

    assert (not_json.status_code, bad_event.status_code, stale.status_code) == (
        400,
        400,
        409,
    )


def test_the_signed_pdf_prints_the_signature_page_and_the_evidence(
    bob: User, dpa_settings: AgreementSettings
) -> None:
    client = signer_client(bob)
    fingerprint = shown_fingerprint(client)
    read_to_the_end(client, fingerprint)
    submit_signature(client, fingerprint)
    agreement = SignedAgreement.objects.get()

    with default_storage.open(agreement.pdf_name) as handle:
        pages = page_texts(handle.read())
    text = " ".join(" ".join(pages).split())

    assert "Signatures" in text
    assert "Evidence of the electronic signature" in text
    assert "203.0.113.9" in text
    assert "Europe/Berlin" in text
    assert fingerprint in text
    assert "on behalf of Muster GmbH, that I have read it in full" in text


def test_the_status_card_says_which_version_was_signed_when_and_by_whom(
    alice: User, bob: User, dpa_settings: AgreementSettings
) -> None:
    client = signer_client(bob)
    fingerprint = shown_fingerprint(client)
    read_to_the_end(client, fingerprint)
    submit_signature(client, fingerprint, name="Bob B. Member")
    agreement = SignedAgreement.objects.get()

    page = logged_in(alice).get("/o/muster-gmbh/dpa/").content.decode()

    card = re.search(r'<section[^>]*id="dpa-status".*?</section>', page, re.DOTALL)
    assert card is not None
    text = " ".join(card.group(0).split())
    signed_on = date_format(agreement.signed_at, "DATETIME_FORMAT")
    assert 'data-status="signed"' in text
    assert f"Version 1.0, signed on {signed_on} by Bob B. Member." in text
    assert f"/o/muster-gmbh/dpa/signed/{agreement.pk}.pdf" in text
