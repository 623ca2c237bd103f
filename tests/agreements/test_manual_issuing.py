"""The document to sign by hand: who got it and when, and when none is given."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from dpaportal.accounts.models import User
from dpaportal.agreements.manual import approve_upload, reject_upload
from dpaportal.agreements.models import (
    AgreementSettings,
    IssuedDocument,
    ManualUpload,
    UploadStatus,
)
from dpaportal.organisations.models import Organisation
from tests.agreements.factories import company_details
from tests.conftest import logged_in, make_user
from tests.documents.pdftext import page_texts

pytestmark = pytest.mark.django_db

MANUAL_FIRST = "Choose the sign type manual in the settings first."
LICENCE_FIRST = "The DPA can be signed once the licence agreement is signed."


@pytest.fixture
def rudi(db: None) -> User:
    user = make_user("rudi@vendor.example", "Rudi Review", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="reviewers")[0])
    return user


def download(client: Client) -> HttpResponse:
    return client.get("/o/muster-gmbh/dpa/manual.pdf", follow=True)


def post_upload(client: Client, pdf: bytes) -> HttpResponse:
    return client.post(
        "/o/muster-gmbh/dpa/upload/",
        {"files": [SimpleUploadedFile("signed.pdf", pdf)]},
        follow=True,
    )


def messages_of(response: HttpResponse) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_issued_record_names_who_downloaded_it_when_and_in_which_language(
    alice: User, muster: Organisation, version: object
) -> None:
    company_details(muster, sign_type="manual", language="de", default_groups=[])
    started = timezone.now()

    response = download(logged_in(alice))

    issued = IssuedDocument.objects.get()
    assert response["Content-Type"] == "application/pdf"
    assert (issued.issued_by, issued.language) == (alice, "de")
    assert started <= issued.issued_at <= timezone.now()
    assert issued.identifier.startswith("DPA-1.0-DE-")
    text = "\n".join(page_texts(response.content))
    assert "Auftragsverarbeitung" in text
    assert "Data processing agreement" not in text
    for detail in ("Muster GmbH", "Musterweg 1", "HRB 98765", "Maria Muster"):
        assert detail in text
    controller = issued.snapshot["parties"]["controller"]
    assert (controller["legal_name"], controller["registration_number"]) == (
        "Muster GmbH",
        "HRB 98765",
    )


def test_a_digital_sign_type_gets_neither_the_pdf_nor_the_upload(
    alice: User, muster: Organisation, version: object
) -> None:
    company_details(muster, sign_type="digital")
    client = logged_in(alice)

    downloaded = download(client)
    uploaded = post_upload(client, b"%PDF-1.7")

    assert messages_of(downloaded) == [MANUAL_FIRST]
    assert messages_of(uploaded) == [MANUAL_FIRST]
    assert not IssuedDocument.objects.exists()
    assert not ManualUpload.objects.exists()


def test_before_the_licence_is_signed_neither_the_pdf_nor_the_upload_is_offered(
    alice: User, muster: Organisation, version: object
) -> None:
    company_details(muster, sign_type="manual", default_groups=[])
    muster.licence_signed_at = None
    muster.save(update_fields=["licence_signed_at"])
    client = logged_in(alice)

    downloaded = download(client)
    uploaded = post_upload(client, b"%PDF-1.7")

    assert messages_of(downloaded) == [LICENCE_FIRST]
    assert messages_of(uploaded) == [LICENCE_FIRST]
    assert not IssuedDocument.objects.exists()
    assert not ManualUpload.objects.exists()


def test_a_second_upload_is_refused_while_the_first_waits_for_review(
    alice: User, on_paper: AgreementSettings
) -> None:
    client = logged_in(alice)
    pdf = download(client).content
    post_upload(client, pdf)

    second = post_upload(client, pdf)

    assert messages_of(second) == ["An upload is already waiting for review."]
    assert ManualUpload.objects.count() == 1


def test_no_upload_is_taken_once_the_dpa_is_signed(
    alice: User, rudi: User, on_paper: AgreementSettings
) -> None:
    client = logged_in(alice)
    pdf = download(client).content
    post_upload(client, pdf)
    approve_upload(ManualUpload.objects.get(), rudi)

    again = post_upload(client, pdf)

    assert messages_of(again) == ["This DPA is signed already."]
    assert list(ManualUpload.objects.values_list("status", flat=True)) == [
        UploadStatus.APPROVED
    ]


def test_a_rejected_upload_does_not_stop_the_next_one(
    alice: User, rudi: User, on_paper: AgreementSettings
) -> None:
    client = logged_in(alice)
    pdf = download(client).content
    post_upload(client, pdf)
    reject_upload(ManualUpload.objects.get(), rudi, "Page 3 is missing.")

    again = post_upload(client, pdf)

    assert "The signed DPA is uploaded and waits for review." in messages_of(again)[0]
    assert ManualUpload.objects.filter(status=UploadStatus.UNDER_REVIEW).count() == 1
