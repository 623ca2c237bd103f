from __future__ import annotations

import hashlib
import io
import re
import threading

import pikepdf
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connections
from django.test import Client

from dpaportal.accounts.models import User
from dpaportal.agreements.files import read_pdf
from dpaportal.agreements.manual import approve_upload, reject_upload
from dpaportal.agreements.models import (
    AgreementSettings,
    IssuedDocument,
    ManualUpload,
    SignatureEvidence,
    SignedAgreement,
    UploadStatus,
)
from dpaportal.audit.models import AuditEvent
from tests.conftest import logged_in, make_user
from tests.documents.pdftext import page_texts
from tests.uploads.samples import jpeg, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def rudi(db: None) -> User:
    user = make_user("rudi@vendor.example", "Rudi Review", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="reviewers")[0])
    return user


def download_for_signing(client: Client) -> bytes:
    response = client.get("/o/muster-gmbh/dpa/manual.pdf")
    assert response.status_code == 200, response.status_code
    return response.content


def upload(client: Client, *files: tuple[str, bytes]) -> object:
    return client.post(
        "/o/muster-gmbh/dpa/upload/",
        {"files": [SimpleUploadedFile(name, content) for name, content in files]},
        follow=True,
    )


def scan_of(pdf: bytes) -> bytes:
    """The issued PDF saved again, as a scanner's PDF would differ in bytes."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def test_the_issued_pdf_leaves_the_three_parts_to_fill_in_and_is_recorded(
    alice: User, on_paper: AgreementSettings
) -> None:
    pdf = download_for_signing(logged_in(alice))

    issued = IssuedDocument.objects.get()
    text = " ".join(page_texts(pdf))
    assert (
        "to be filled in by hand" in text.lower() or "fill in by hand" in text.lower()
    )
    assert issued.page_count == len(pikepdf.open(io.BytesIO(pdf)).pages)
    assert issued.identifier in text
    assert issued.fingerprint[:12] in text
    assert AuditEvent.objects.filter(event_type="dpa.manual_issued").count() == 1
    download_for_signing(logged_in(alice))
    assert IssuedDocument.objects.count() == 1


def test_a_pdf_scan_waits_for_review_and_reviewers_are_told(
    alice: User, rudi: User, on_paper: AgreementSettings
) -> None:
    client = logged_in(alice)
    scan = scan_of(download_for_signing(client))

    response = upload(client, ("signed.pdf", scan))

    assert b"waits for review" in response.content
    stored = ManualUpload.objects.get()
    assert stored.status == UploadStatus.UNDER_REVIEW
    assert read_pdf(stored.review_pdf_name) == scan
    assert [message.to for message in mail.outbox] == [["rudi@vendor.example"]]
    assert response.context["status"].code == "under_review"
    assert AuditEvent.objects.filter(event_type="dpa.manual_uploaded").count() == 1


def test_images_are_joined_in_the_order_given_and_kept_unchanged(
    alice: User, rudi: User, on_paper: AgreementSettings
) -> None:
    client = logged_in(alice)
    download_for_signing(client)
    pages = [
        ("page-1.png", png((300, 420))),
        ("page-2.jpg", jpeg((500, 420))),
        ("page-3.png", png((400, 420), colour=(0, 120, 0))),
    ]

    upload(client, *pages)

    stored = ManualUpload.objects.get()
    assert (stored.kind, stored.page_count) == ("images", 3)
    for (name, content), original in zip(pages, stored.originals, strict=True):
        with default_storage.open(original["stored_as"], "rb") as handle:
            kept = handle.read()
        assert (original["name"], kept) == (name, content)
        assert original["sha256"] == hashlib.sha256(content).hexdigest()
    joined = read_pdf(stored.review_pdf_name)
    assert stored.review_pdf_sha256 == hashlib.sha256(joined).hexdigest()
    with pikepdf.open(io.BytesIO(joined)) as document:
        shown = [page.Resources.XObject.Im0 for page in document.pages]
        assert [(image.Width, image.Height) for image in shown] == [
            (300, 420),
            (500, 420),
            (400, 420),
        ]


def test_a_reviewer_rejects_with_a_reason_the_customer_sees_and_then_approves(
    alice: User, rudi: User, on_paper: AgreementSettings
) -> None:
    customer = logged_in(alice)
    reviewer = logged_in(rudi)
    scan = scan_of(download_for_signing(customer))
    upload(customer, ("signed.pdf", scan))
    first = ManualUpload.objects.get()

    refused = reviewer.post(f"/staff/reviews/{first.pk}/reject/", {"reason": " "})
    reviewer.post(
        f"/staff/reviews/{first.pk}/reject/", {"reason": "Page 3 is missing."}
    )
    reviewer.post(f"/staff/reviews/{first.pk}/reject/", {"reason": "Again."})

    assert refused.status_code == 302
    first.refresh_from_db()
    assert first.rejection_reason == "Page 3 is missing."
    assert AuditEvent.objects.filter(event_type="dpa.manual_rejected").count() == 1
    assert any("Page 3 is missing." in message.body for message in mail.outbox)
    page = customer.get("/o/muster-gmbh/dpa/")
    assert b"Page 3 is missing." in page.content

    upload(customer, ("signed-again.pdf", scan))
    second = ManualUpload.objects.get(status=UploadStatus.UNDER_REVIEW)
    reviewer.post(f"/staff/reviews/{second.pk}/approve/")
    reviewer.post(f"/staff/reviews/{second.pk}/approve/")

    agreement = SignedAgreement.objects.get()
    assert agreement.method == "manual"
    assert AuditEvent.objects.filter(event_type="dpa.manual_approved").count() == 1
    assert customer.get("/o/muster-gmbh/dpa/").context["status"].code == "signed"
    executed = customer.get(f"/o/muster-gmbh/dpa/signed/{agreement.pk}.pdf").content
    assert executed.startswith(b"%PDF-")
    approval = SignatureEvidence.objects.get().record["approval"]
    issued = IssuedDocument.objects.get()
    assert approval["issued_identifier"] == issued.identifier
    assert approval["issued_fingerprint"] == issued.fingerprint
    assert approval["uploaded_files"][0]["sha256"] == second.originals[0]["sha256"]
    assert approval["reviewer_email"] == "rudi@vendor.example"
    last_page = page_texts(executed)[-1]
    assert issued.identifier in last_page
    assert second.originals[0]["sha256"] in re.sub(r"\s+", "", last_page)


def test_the_executed_pdf_verifies(
    alice: User, rudi: User, on_paper: AgreementSettings, tmp_path: object
) -> None:
    customer = logged_in(alice)
    upload(customer, ("signed.pdf", scan_of(download_for_signing(customer))))
    logged_in(rudi).post(f"/staff/reviews/{ManualUpload.objects.get().pk}/approve/")
    agreement = SignedAgreement.objects.get()
    target = tmp_path / "executed.pdf"  # type: ignore[operator]
    target.write_bytes(read_pdf(agreement.pdf_name))

    call_command("verify", str(target))


def test_switching_to_digital_withdraws_the_pending_upload(
    alice: User, rudi: User, on_paper: AgreementSettings
) -> None:
    customer = logged_in(alice)
    upload(customer, ("signed.pdf", scan_of(download_for_signing(customer))))

    response = customer.post(
        "/o/muster-gmbh/dpa/settings/",
        {
            "legal_name": on_paper.legal_name,
            "address": on_paper.address,
            "country": on_paper.country,
            "registration_number": on_paper.registration_number,
            "representative": on_paper.representative,
            "contact_email": on_paper.contact_email,
            "language": "en",
            "sign_type": "digital",
            "default_groups": ["customers"],
        },
    )

    assert response.status_code == 302
    assert ManualUpload.objects.get().status == UploadStatus.WITHDRAWN
    assert AuditEvent.objects.filter(event_type="dpa.manual_withdrawn").count() == 1


APPROVED = "The data processing agreement of Muster GmbH is signed"
REJECTED = "The uploaded DPA of Muster GmbH was not accepted"


@pytest.fixture
def waiting(alice: User, rudi: User, on_paper: AgreementSettings) -> ManualUpload:
    """A scan under review, the reviewers' e-mail about it already sent."""
    customer = logged_in(alice)
    upload(customer, ("signed.pdf", scan_of(download_for_signing(customer))))
    mail.outbox.clear()
    return ManualUpload.objects.get()


def test_approving_twice_tells_the_administrators_once(
    waiting: ManualUpload, rudi: User
) -> None:
    reviewer = logged_in(rudi)

    reviewer.post(f"/staff/reviews/{waiting.pk}/approve/")
    reviewer.post(f"/staff/reviews/{waiting.pk}/approve/")

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["alice@muster.example"], APPROVED)
    ]


def test_rejecting_twice_tells_the_administrators_once(
    waiting: ManualUpload, rudi: User
) -> None:
    reviewer = logged_in(rudi)

    reviewer.post(f"/staff/reviews/{waiting.pk}/reject/", {"reason": "Page 3."})
    reviewer.post(f"/staff/reviews/{waiting.pk}/reject/", {"reason": "Again."})

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["alice@muster.example"], REJECTED)
    ]
    assert "Page 3." in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_two_reviewers_deciding_at_once_tell_the_administrators_once(
    decision: str, waiting: ManualUpload, rudi: User
) -> None:
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def decide() -> None:
        try:
            barrier.wait(timeout=10)
            if decision == "approve":
                approve_upload(waiting, rudi)
            else:
                reject_upload(waiting, rudi, "Page 3 is missing.")
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert [m.subject for m in mail.outbox] == [
        APPROVED if decision == "approve" else REJECTED
    ]


def test_the_approval_page_of_images_prints_the_sha256_of_the_joined_pdf(
    alice: User, rudi: User, on_paper: AgreementSettings
) -> None:
    customer = logged_in(alice)
    download_for_signing(customer)
    upload(customer, ("page-1.png", png((300, 420))), ("page-2.jpg", jpeg((9, 9))))
    stored = ManualUpload.objects.get()

    agreement = approve_upload(stored, rudi)

    last_page = page_texts(read_pdf(agreement.pdf_name))[-1]
    printed = re.sub(r"\s+", "", last_page)
    assert "JoinedPDF(SHA-256)" + stored.review_pdf_sha256 in printed
    assert all(original["sha256"] in printed for original in stored.originals)
    approval = SignatureEvidence.objects.get().record["approval"]
    assert approval["joined_pdf_sha256"] == stored.review_pdf_sha256


def test_the_approval_page_of_a_pdf_names_no_joined_pdf(
    waiting: ManualUpload, rudi: User
) -> None:
    agreement = approve_upload(waiting, rudi)

    assert "Joined PDF" not in page_texts(read_pdf(agreement.pdf_name))[-1]
    assert "joined_pdf_sha256" not in SignatureEvidence.objects.get().record["approval"]
