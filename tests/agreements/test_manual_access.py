from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client

from dpaportal.accounts.models import User
from dpaportal.agreements.models import (
    AgreementSettings,
    IssuedDocument,
    ManualUpload,
)
from dpaportal.agreements.status import dpa_status
from dpaportal.agreements.upload_messages import refusal_message
from dpaportal.audit.models import AuditEvent
from dpaportal.organisations.models import Organisation
from dpaportal.uploads import MAX_TOTAL_BYTES, RefusalCode
from tests.conftest import logged_in, make_user
from tests.uploads.samples import (
    HTML_WITH_SCRIPT,
    WINDOWS_STUB,
    encrypted_pdf,
    open_with_javascript,
    pdf_with_pages,
    png_declaring,
    polyglot,
    running_program,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting_upload(alice: User, on_paper: AgreementSettings) -> ManualUpload:
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
    method: str, url: str, on_paper: AgreementSettings, bob: User, charlie: User
) -> None:
    assert getattr(logged_in(charlie), method)(url).status_code == 404
    assert getattr(logged_in(bob), method)(url).status_code == 403


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", "/o/muster-gmbh/dpa/manual.pdf"), ("post", "/o/muster-gmbh/dpa/upload/")],
)
def test_an_authorized_signer_who_is_no_administrator_gets_403(
    method: str, url: str, on_paper: AgreementSettings, bob: User
) -> None:
    # Signing on paper is the administrators' part: they download, sign and
    # upload; the signers' access covers the DPA page and digital signing.
    on_paper.signers.add(bob)

    assert getattr(logged_in(bob), method)(url).status_code == 403
    assert not IssuedDocument.objects.exists()
    assert not ManualUpload.objects.exists()


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


def truncated_pdf() -> bytes:
    whole = pdf_with_pages(10)
    return whole[: len(whole) // 2]


def file_of_25_mb() -> bytes:
    # A PDF header and zeros: were it parsed, it would be refused as damaged.
    return b"%PDF-1.7\n" + bytes(25 * 1024 * 1024)


BAD_FILES: dict[str, tuple[str, Callable[[], bytes], RefusalCode]] = {
    "an executable named .pdf": ("tool.pdf", running_program, "unsupported_type"),
    "a Windows program with a PDF behind it": (
        "signed.pdf",
        lambda: polyglot(WINDOWS_STUB),
        "unsupported_type",
    ),
    "a web page with a script and a PDF behind it": (
        "signed.pdf",
        lambda: polyglot(HTML_WITH_SCRIPT),
        "unsupported_type",
    ),
    "an empty file": ("empty.pdf", lambda: b"", "empty"),
    "a truncated PDF": ("cut.pdf", truncated_pdf, "damaged_pdf"),
    "a PDF with a JavaScript action": (
        "script.pdf",
        lambda: pdf_with_pages(1, open_with_javascript),
        "active_content",
    ),
    "an encrypted PDF": ("locked.pdf", encrypted_pdf, "encrypted_pdf"),
    "a file of 25 MB": ("big.pdf", file_of_25_mb, "too_large"),
    "a PDF of 61 pages": ("long.pdf", lambda: pdf_with_pages(61), "too_many_pages"),
    "a PNG declaring 50000 x 50000 pixels": (
        "huge.png",
        lambda: png_declaring(50_000, 50_000),
        "image_too_large",
    ),
}


def post_upload(client: Client, *files: tuple[str, bytes]) -> HttpResponse:
    return client.post(
        "/o/muster-gmbh/dpa/upload/",
        {"files": [SimpleUploadedFile(name, content) for name, content in files]},
        follow=True,
    )


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_bad_upload_gets_its_own_message_and_leaves_nothing_behind(
    kind: str, alice: User, muster: Organisation, on_paper: AgreementSettings
) -> None:
    client = logged_in(alice)
    client.get("/o/muster-gmbh/dpa/manual.pdf")
    status_before = dpa_status(muster).code
    stored_before = stored_files()
    events_before = AuditEvent.objects.count()
    name, build, code = BAD_FILES[kind]

    response = post_upload(client, (name, build()))

    assert response.status_code == 400
    assert response.context["form"].errors["files"] == [refusal_message(code)]
    assert not ManualUpload.objects.exists()
    assert not AuditEvent.objects.filter(event_type="dpa.manual_uploaded").exists()
    assert AuditEvent.objects.count() == events_before
    assert stored_files() == stored_before
    assert dpa_status(muster).code == status_before


def test_the_refusal_is_shown_next_to_the_file_field(
    alice: User, on_paper: AgreementSettings
) -> None:
    client = logged_in(alice)
    client.get("/o/muster-gmbh/dpa/manual.pdf")

    response = post_upload(client, ("empty.pdf", b""))

    page = response.content.decode()
    field = page[page.index('<div class="field invalid">') :]
    field = field[: field.index("</form>")]
    assert 'id="upload-files"' in field
    assert 'aria-describedby="upload-files-error"' in field
    assert 'aria-invalid="true"' in field
    assert (
        '<div id="upload-files-error"><p class="field-error">The file is empty.</p>'
        in field
    )
    assert list(response.context["messages"]) == []


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(
    alice: User, on_paper: AgreementSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = logged_in(alice)
    client.get("/o/muster-gmbh/dpa/manual.pdf")
    inspected: list[object] = []
    monkeypatch.setattr(
        "dpaportal.agreements.manual.inspect_upload",
        lambda files: inspected.append(files),
    )
    half = bytes(MAX_TOTAL_BYTES // 2 + 1)

    response = post_upload(client, ("1.jpg", half), ("2.jpg", half))

    assert response.context["form"].errors["files"] == [refusal_message("too_large")]
    assert inspected == []


def test_an_upload_needs_the_document_issued_first(
    alice: User, on_paper: AgreementSettings
) -> None:
    response = post_upload(logged_in(alice), ("s.pdf", b"%PDF-1.7"))

    assert b"Download the DPA for signing by hand first." in response.content
