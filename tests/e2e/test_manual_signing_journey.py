"""The help page's manual path: settings, download, scan, review, reject, approve.

The administrator chooses manual signing, downloads the PDF to sign by hand and
uploads a "scan" of it with the last page left out; a reviewer sees the
mismatch and rejects it with a reason. The administrator uploads all pages,
the reviewer approves, and the executed PDF passes `dpaportal verify`.
"""

from __future__ import annotations

import io
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pikepdf
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, Request, expect
from pytest_django.live_server_helper import LiveServer

from dpaportal.accounts.models import User
from dpaportal.agreements.models import (
    IssuedDocument,
    ManualUpload,
    SignedAgreement,
    UploadStatus,
)
from dpaportal.documents.pages import page_png
from dpaportal.organisations.models import Membership, Organisation, Role
from dpaportal.versions.services import install_default_version
from tests.agreements.factories import hosting_provider, vendor_details
from tests.conftest import PASSWORD
from tests.documents.pdftext import page_texts

if TYPE_CHECKING:
    from playwright.sync_api import FilePayload

    from tests.e2e.conftest import NewPage

pytestmark = pytest.mark.e2e

ADMIN_EMAIL = "alice@muster.example"
REVIEWER_EMAIL = "rudi@vendor.example"
REVIEW_SUBJECT = "A manually signed DPA of Muster GmbH waits for review"
REJECTED_SUBJECT = "The uploaded DPA of Muster GmbH was not accepted"
APPROVED_SUBJECT = "The data processing agreement of Muster GmbH is signed"


@pytest.fixture
def muster(transactional_db: None) -> Organisation:
    """Muster GmbH with its licence signed and alice administering; rudi
    reviewing for the vendor; the vendor's details, DPA 1.0 published and one
    sub-processor. No DPA settings: alice chooses manual signing herself."""
    organisation = Organisation.objects.create(
        name="Muster GmbH", slug="muster-gmbh", licence_signed_at=timezone.now()
    )
    alice = User.objects.create_user(
        ADMIN_EMAIL, password=PASSWORD, full_name="Alice Admin"
    )
    Membership.objects.create(
        organisation=organisation, user=alice, role=Role.ADMINISTRATOR
    )
    rudi = User.objects.create_user(
        REVIEWER_EMAIL, password=PASSWORD, full_name="Rudi Review", is_staff=True
    )
    # A migration makes the group, but an earlier journey's flush removed it.
    rudi.groups.add(Group.objects.get_or_create(name="reviewers")[0])
    vendor_details()
    hosting_provider()
    install_default_version()
    return organisation


def log_in(page: Page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def scanned_pages(pdf: bytes, count: int) -> list[bytes]:
    """Every page as a PNG image, as a scanner would deliver them."""
    return [page_png(pdf, index, width_px=1000) for index in range(count)]


def joined_scan(pngs: list[bytes]) -> bytes:
    """The page images joined into one PDF, as a scanner's PDF mode would."""
    images = [Image.open(io.BytesIO(png)).convert("RGB") for png in pngs]
    out = io.BytesIO()
    images[0].save(
        out, "PDF", save_all=True, append_images=images[1:], resolution=120.0
    )
    return out.getvalue()


def upload(page: Page, files: list[FilePayload]) -> None:
    page.set_input_files("#upload-files", files)
    page.locator("#upload-form button[type=submit]").click()


def verify(path: Path) -> None:
    """Run `dpaportal verify` in a thread without Playwright's asyncio loop."""

    def run() -> None:
        try:
            call_command("verify", str(path))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(run).result()


def test_manual_signing_from_settings_through_review_to_verified_pdf(
    live_server: LiveServer,
    page: Page,
    new_page: NewPage,
    muster: Organisation,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dpa_page = f"{live_server.url}/o/{muster.slug}/dpa/"
    queue_page = f"{live_server.url}/staff/reviews/"
    status_label = page.locator("#dpa-status .status-label")
    waits = "Thank you. The signed DPA is uploaded and waits for review."

    # The administrator chooses manual signing in the settings.
    log_in(page, live_server.url, ADMIN_EMAIL)
    page.goto(dpa_page)
    page.get_by_role("link", name="Edit the settings").click()
    expect(page).to_have_url(f"{dpa_page}settings/")
    page.fill("[name=legal_name]", "Muster GmbH")
    page.fill("[name=address]", "Musterweg 1\n10115 Berlin")
    page.fill("[name=country]", "Germany")
    page.fill("[name=registration_number]", "HRB 98765")
    page.fill("[name=representative]", "Maria Muster")
    page.fill("[name=contact_email]", "legal@muster.example")
    page.check("input[name=language][value=en]")
    page.check("input[name=sign_type][value=manual]")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(dpa_page)
    expect(page.get_by_role("status")).to_have_text("The DPA settings have been saved.")
    expect(status_label).to_have_text("Draft")
    expect(page.locator("#manual-signing")).to_be_visible()

    # She downloads the PDF to sign by hand.
    with page.expect_download() as download_info:
        page.locator("#manual-download").click()
    issued_pdf = Path(download_info.value.path()).read_bytes()
    assert issued_pdf.startswith(b"%PDF")
    with pikepdf.open(io.BytesIO(issued_pdf)) as document:
        issued_pages = len(document.pages)
    assert issued_pages >= 2
    issued = IssuedDocument.objects.get()
    assert issued.page_count == issued_pages
    assert download_info.value.suggested_filename == f"{issued.identifier}-to-sign.pdf"

    # Her "scan": one image per page, the last one forgotten.
    pngs = scanned_pages(issued_pdf, issued_pages)
    upload(
        page,
        [
            {"name": f"page-{number}.png", "mimeType": "image/png", "buffer": png}
            for number, png in enumerate(pngs[:-1], start=1)
        ],
    )
    expect(page).to_have_url(dpa_page)
    expect(page.get_by_role("status")).to_have_text(waits)
    expect(status_label).to_have_text("Under review")
    expect(page.locator("#manual-signing")).to_contain_text(
        "Your upload waits for review by our team."
    )
    expect(page.locator("#upload-form")).to_have_count(0)
    first = ManualUpload.objects.get()
    assert (first.kind, first.page_count) == ("images", issued_pages - 1)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([REVIEWER_EMAIL], REVIEW_SUBJECT)
    ]

    # The reviewer, in a browser of his own, finds it in the queue.
    reviewer = new_page()
    log_in(reviewer, live_server.url, REVIEWER_EMAIL)
    reviewer.goto(queue_page)
    row = reviewer.locator("#review-queue tbody tr", has_text="Muster GmbH")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"{issued_pages} / {issued_pages - 1}")
    expect(row).to_contain_text("differ")
    row.get_by_role("link", name="Review").click()
    expect(reviewer).to_have_url(f"{queue_page}{first.pk}/")
    expect(reviewer.locator("#page-warning")).to_be_visible()

    # Issued and uploaded pages side by side; the last one missing.
    pairs = reviewer.locator(".page-pair")
    expect(pairs).to_have_count(issued_pages)
    first_pair = pairs.first.locator("img")
    expect(first_pair).to_have_count(2)
    first_pair.first.scroll_into_view_if_needed()
    reviewer.wait_for_function(
        "() => [...document.querySelectorAll('.page-pair')][0]"
        ".querySelectorAll('img').length === 2 && "
        "[...[...document.querySelectorAll('.page-pair')][0]"
        ".querySelectorAll('img')].every(i => i.complete && i.naturalWidth > 0)"
    )
    last_pair = pairs.last
    expect(last_pair).to_have_class(re.compile(r"\bmismatch\b"))
    expect(last_pair.locator(".missing")).to_have_text("Missing in the upload")
    expect(last_pair.locator("img")).to_have_count(1)
    expect(reviewer.locator(".page-pair.mismatch")).to_have_count(1)

    # An empty reason is refused by the browser: nothing is sent.
    rejections: list[str] = []

    def on_request(request: Request) -> None:
        if request.method == "POST" and request.url.endswith("/reject/"):
            rejections.append(request.url)

    reviewer.on("request", on_request)
    reviewer.locator("#reject").click()
    assert reviewer.locator("#reason").evaluate("e => e.validity.valueMissing")
    expect(reviewer).to_have_url(f"{queue_page}{first.pk}/")
    expect(reviewer.locator("#approve")).to_be_visible()
    first.refresh_from_db()
    assert first.status == UploadStatus.UNDER_REVIEW

    reason = f"Page {issued_pages} is missing."
    reviewer.fill("#reason", reason)
    reviewer.locator("#reject").click()
    expect(reviewer).to_have_url(queue_page)
    expect(reviewer.get_by_role("status")).to_have_text(
        "Rejected. The customer sees the reason."
    )
    expect(reviewer.locator("#review-queue")).to_contain_text(
        "Nothing waits for review."
    )
    assert rejections == [f"{queue_page}{first.pk}/reject/"]
    first.refresh_from_db()
    assert first.status == UploadStatus.REJECTED
    assert first.rejection_reason == reason
    rejected_mail = mail.outbox[1]
    assert (rejected_mail.to, rejected_mail.subject) == (
        [ADMIN_EMAIL],
        REJECTED_SUBJECT,
    )
    assert reason in rejected_mail.body

    # The administrator sees the reason and uploads all pages, as one PDF.
    page.reload()
    expect(page.locator("#rejection")).to_contain_text(reason)
    expect(status_label).to_have_text("Draft")
    history_rows = page.locator("#upload-history tbody tr")
    expect(history_rows).to_have_count(1)
    expect(history_rows.first).to_contain_text("Rejected")
    expect(history_rows.first).to_contain_text(reason)
    upload(
        page,
        [
            {
                "name": "signed-scan.pdf",
                "mimeType": "application/pdf",
                "buffer": joined_scan(pngs),
            }
        ],
    )
    expect(page).to_have_url(dpa_page)
    expect(page.get_by_role("status")).to_have_text(waits)
    expect(status_label).to_have_text("Under review")
    expect(page.locator("#rejection")).to_have_count(0)
    second = ManualUpload.objects.get(status=UploadStatus.UNDER_REVIEW)
    assert (second.kind, second.page_count) == ("pdf", issued_pages)
    assert [(m.to, m.subject) for m in mail.outbox[2:]] == [
        ([REVIEWER_EMAIL], REVIEW_SUBJECT)
    ]

    # The reviewer approves it: the page counts agree this time.
    reviewer.goto(queue_page)
    row = reviewer.locator("#review-queue tbody tr", has_text="Muster GmbH")
    expect(row).to_contain_text(f"{issued_pages} / {issued_pages}")
    expect(row).not_to_contain_text("differ")
    row.get_by_role("link", name="Review").click()
    expect(reviewer).to_have_url(f"{queue_page}{second.pk}/")
    expect(reviewer.locator("#page-warning")).to_have_count(0)
    expect(reviewer.locator(".page-pair.mismatch")).to_have_count(0)
    reviewer.locator("#approve").click()
    expect(reviewer).to_have_url(queue_page)
    expect(reviewer.get_by_role("status")).to_have_text(
        "Approved. The DPA is signed and sealed."
    )
    approved_mail = mail.outbox[3]
    assert (approved_mail.to, approved_mail.subject) == (
        [ADMIN_EMAIL],
        APPROVED_SUBJECT,
    )
    assert len(mail.outbox) == 4

    # The administrator's page: signed, with the history of both.
    page.reload()
    expect(status_label).to_have_text("Signed")
    expect(page.locator("#manual-signing")).to_have_count(0)
    expect(history_rows).to_have_count(2)
    expect(history_rows.nth(0)).to_contain_text("Approved")
    expect(history_rows.nth(1)).to_contain_text("Rejected")
    agreement = SignedAgreement.objects.get()
    signed_table = page.locator("table:not(#upload-history)")
    expect(signed_table.locator("tbody tr")).to_have_count(1)
    expect(signed_table).to_contain_text("Alice Admin")

    with page.expect_download() as download_info:
        page.locator("#dpa-status").get_by_role(
            "link", name="Download the signed DPA"
        ).click()
    executed_path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(executed_path)
    executed = executed_path.read_bytes()
    assert executed.startswith(b"%PDF")
    assert executed_path.name == agreement.download_name
    assert agreement.method == "manual"

    capsys.readouterr()
    verify(executed_path)
    output = capsys.readouterr().out
    assert output.startswith("valid:"), output
    assert "organisation:  Muster GmbH" in output

    with pikepdf.open(io.BytesIO(executed)) as document:
        assert len(document.pages) == second.page_count + 1
    assert issued.identifier in page_texts(executed)[-1]
