from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from dpaportal.accounts.models import User
from dpaportal.agreements.models import AgreementSettings, ManualUpload
from dpaportal.organisations.models import Organisation
from tests.agreements.factories import company_details
from tests.conftest import logged_in, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def manual(muster: Organisation, alice: User, version: object) -> AgreementSettings:
    return company_details(muster, sign_type="manual", default_groups=[])


@pytest.fixture
def waiting_upload(alice: User, manual: AgreementSettings) -> ManualUpload:
    client = logged_in(alice)
    pdf = client.get("/o/muster-gmbh/dpa/manual.pdf").content
    client.post(
        "/o/muster-gmbh/dpa/upload/", {"files": [SimpleUploadedFile("s.pdf", pdf)]}
    )
    return ManualUpload.objects.get()


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", "/o/muster-gmbh/dpa/manual.pdf"), ("post", "/o/muster-gmbh/dpa/upload/")],
)
def test_another_organisation_gets_404_and_a_member_403(
    method: str, url: str, manual: AgreementSettings, bob: User, charlie: User
) -> None:
    assert getattr(logged_in(charlie), method)(url).status_code == 404
    assert getattr(logged_in(bob), method)(url).status_code == 403


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/staff/reviews/"),
        ("get", "/staff/reviews/{pk}/"),
        ("get", "/staff/reviews/{pk}/issued/1.png"),
        ("get", "/staff/reviews/{pk}/upload/1.png"),
        ("post", "/staff/reviews/{pk}/approve/"),
        ("post", "/staff/reviews/{pk}/reject/"),
    ],
)
def test_customers_and_legal_staff_cannot_reach_the_review(
    method: str, path: str, waiting_upload: ManualUpload, alice: User, lena: User
) -> None:
    url = path.format(pk=waiting_upload.pk)

    assert getattr(logged_in(alice), method)(url, {"reason": "x"}).status_code == 403
    assert getattr(logged_in(lena), method)(url, {"reason": "x"}).status_code == 403
    waiting_upload.refresh_from_db()
    assert waiting_upload.status == "under_review"


def test_a_reviewer_sees_both_documents_page_by_page(
    waiting_upload: ManualUpload,
) -> None:
    reviewer = make_user("rita@vendor.example", "Rita Review", is_staff=True)
    reviewer.groups.add(Group.objects.get_or_create(name="reviewers")[0])
    client = logged_in(reviewer)

    page = client.get(f"/staff/reviews/{waiting_upload.pk}/")
    image = client.get(f"/staff/reviews/{waiting_upload.pk}/upload/1.png")
    beyond = client.get(f"/staff/reviews/{waiting_upload.pk}/upload/999.png")
    wrong_side = client.get(f"/staff/reviews/{waiting_upload.pk}/other/1.png")

    assert page.status_code == 200
    assert waiting_upload.issued.identifier.encode() in page.content
    assert image["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")
    assert (beyond.status_code, wrong_side.status_code) == (404, 404)


def stored_files(folder: str = "") -> set[str]:
    folders, files = (
        default_storage.listdir(folder)
        if default_storage.exists(folder or ".")
        else ([], [])
    )
    found = {f"{folder}/{name}" for name in files}
    for sub in folders:
        found |= stored_files(f"{folder}/{sub}".lstrip("/"))
    return found


BAD_FILES = {
    "an executable named .pdf": ("tool.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200),
    "an empty file": ("empty.pdf", b""),
    "a truncated PDF": ("cut.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_bad_upload_gets_its_own_message_and_leaves_nothing_behind(
    kind: str, alice: User, manual: AgreementSettings
) -> None:
    client = logged_in(alice)
    client.get("/o/muster-gmbh/dpa/manual.pdf")
    before = stored_files()
    name, content = BAD_FILES[kind]

    response = client.post(
        "/o/muster-gmbh/dpa/upload/",
        {"files": [SimpleUploadedFile(name, content)]},
        follow=True,
    )

    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) == 1
    assert "waits for review" not in messages[0]
    assert not ManualUpload.objects.exists()
    assert stored_files() == before


def test_an_upload_needs_the_document_issued_first(
    alice: User, manual: AgreementSettings
) -> None:
    response = logged_in(alice).post(
        "/o/muster-gmbh/dpa/upload/",
        {"files": [SimpleUploadedFile("s.pdf", b"%PDF-1.7")]},
        follow=True,
    )

    assert b"Download the DPA for signing by hand first." in response.content
