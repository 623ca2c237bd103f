"""Switching the sign type: a pending scan is withdrawn, a decided one is not."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client

from dpaportal.accounts.models import User
from dpaportal.agreements import manual
from dpaportal.agreements.manual import approve_upload, withdraw_pending_upload
from dpaportal.agreements.models import (
    AgreementSettings,
    ManualUpload,
    SignedAgreement,
    UploadStatus,
)
from dpaportal.audit.models import AuditEvent
from dpaportal.organisations.models import Organisation
from tests.agreements.factories import company_details
from tests.conftest import logged_in, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def rudi(db: None) -> User:
    user = make_user("rudi@vendor.example", "Rudi Review", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="reviewers")[0])
    return user


def settings_form(agreement: AgreementSettings, sign_type: str) -> dict[str, object]:
    return {
        "legal_name": agreement.legal_name,
        "address": agreement.address,
        "country": agreement.country,
        "registration_number": agreement.registration_number,
        "representative": agreement.representative,
        "contact_email": agreement.contact_email,
        "language": "en",
        "sign_type": sign_type,
        "default_groups": ["customers"],
    }


def switch_to(client: Client, agreement: AgreementSettings, sign_type: str) -> None:
    response = client.post(
        "/o/muster-gmbh/dpa/settings/", settings_form(agreement, sign_type)
    )
    assert response.status_code == 302, response.content


def upload_the_issued_pdf(client: Client) -> ManualUpload:
    pdf = client.get("/o/muster-gmbh/dpa/manual.pdf").content
    client.post(
        "/o/muster-gmbh/dpa/upload/", {"files": [SimpleUploadedFile("s.pdf", pdf)]}
    )
    return ManualUpload.objects.get(status=UploadStatus.UNDER_REVIEW)


def withdrawals() -> int:
    return AuditEvent.objects.filter(event_type="dpa.manual_withdrawn").count()


def test_a_withdrawn_upload_names_who_withdrew_it_and_when(
    alice: User, on_paper: AgreementSettings
) -> None:
    client = logged_in(alice)
    waiting = upload_the_issued_pdf(client)

    switch_to(client, on_paper, "digital")

    waiting.refresh_from_db()
    assert waiting.status == UploadStatus.WITHDRAWN
    assert waiting.decided_by == alice
    assert waiting.decided_at is not None
    assert withdrawals() == 1


def test_an_approved_upload_is_not_withdrawn_by_a_switch_to_digital(
    alice: User, rudi: User, on_paper: AgreementSettings
) -> None:
    client = logged_in(alice)
    waiting = upload_the_issued_pdf(client)
    approve_upload(waiting, rudi)

    switch_to(client, on_paper, "digital")

    waiting.refresh_from_db()
    assert (waiting.status, waiting.decided_by) == (UploadStatus.APPROVED, rudi)
    assert SignedAgreement.objects.get().manual_upload == waiting
    assert withdrawals() == 0


def test_withdrawing_when_nothing_waits_changes_nothing(
    alice: User, rudi: User, on_paper: AgreementSettings
) -> None:
    waiting = upload_the_issued_pdf(logged_in(alice))
    manual.reject_upload(waiting, rudi, "Page 3 is missing.")

    assert withdraw_pending_upload(waiting.organisation_id, alice) is None

    waiting.refresh_from_db()
    assert (waiting.status, waiting.rejection_reason) == (
        UploadStatus.REJECTED,
        "Page 3 is missing.",
    )
    assert withdrawals() == 0


def test_switching_from_digital_to_manual_offers_the_pdf_to_sign_and_the_upload(
    alice: User, muster: Organisation, version: object
) -> None:
    digital = company_details(muster, sign_type="digital")
    client = logged_in(alice)
    refused = client.get("/o/muster-gmbh/dpa/manual.pdf", follow=True)

    switch_to(client, digital, "manual")

    assert b"Choose the sign type manual in the settings first." in refused.content
    assert AgreementSettings.objects.get().sign_type == "manual"
    assert upload_the_issued_pdf(client).uploaded_by == alice
    assert withdrawals() == 0


def test_switching_back_to_manual_leaves_the_withdrawn_upload_and_takes_a_new_one(
    alice: User, on_paper: AgreementSettings
) -> None:
    client = logged_in(alice)
    first = upload_the_issued_pdf(client)
    switch_to(client, on_paper, "digital")

    switch_to(client, on_paper, "manual")
    second = upload_the_issued_pdf(client)

    first.refresh_from_db()
    assert first.status == UploadStatus.WITHDRAWN
    assert second.pk != first.pk
    assert withdrawals() == 1


@pytest.mark.django_db(transaction=True)
def test_an_approval_in_progress_is_not_overwritten_by_a_withdrawal(
    alice: User,
    rudi: User,
    on_paper: AgreementSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    waiting = upload_the_issued_pdf(logged_in(alice))
    approving = threading.Event()
    produce = manual.executed_pdf

    def slow_executed_pdf(*args: object) -> tuple[bytes, str, str]:
        # The approval holds the row's lock now; the withdrawal starts here.
        approving.set()
        threading.Event().wait(0.5)
        return produce(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(manual, "executed_pdf", slow_executed_pdf)
    errors: list[BaseException] = []

    def approve() -> None:
        try:
            approve_upload(waiting, rudi)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    approver = threading.Thread(target=approve)
    approver.start()
    assert approving.wait(timeout=30)
    try:
        withdrawn = withdraw_pending_upload(waiting.organisation_id, alice)
    finally:
        approver.join()

    assert errors == []
    assert withdrawn is None
    waiting.refresh_from_db()
    assert waiting.status == UploadStatus.APPROVED
    assert SignedAgreement.objects.get().manual_upload == waiting
    assert withdrawals() == 0
