"""What reviewers see in the queue and on the review page of an upload."""

from __future__ import annotations

import html
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from dpaportal.accounts.models import User
from dpaportal.agreements.models import ManualUpload
from dpaportal.organisations.models import Organisation
from dpaportal.staff import review_views
from tests.agreements.factories import company_details
from tests.conftest import logged_in, make_user
from tests.uploads.samples import jpeg, png

pytestmark = pytest.mark.django_db

PAGES_DIFFER = "The page counts differ: a page may be missing or added."


@pytest.fixture
def rudi(db: None) -> User:
    user = make_user("rudi@vendor.example", "Rudi Review", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="reviewers")[0])
    return user


@pytest.fixture
def customer(alice: User, muster: Organisation, version: object) -> Client:
    company_details(muster, sign_type="manual", language="de", default_groups=[])
    return logged_in(alice)


def upload(client: Client, *files: tuple[str, bytes]) -> ManualUpload:
    client.post(
        "/o/muster-gmbh/dpa/upload/",
        {"files": [SimpleUploadedFile(name, content) for name, content in files]},
    )
    return ManualUpload.objects.select_related("issued").get()


def queue_rows(client: Client) -> list[list[str]]:
    page = client.get("/staff/reviews/").content.decode()
    table = page[page.index('id="review-queue"') :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    return [
        [
            " ".join(html.unescape(re.sub(r"<[^>]+>", "", cell)).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_the_queue_shows_who_uploaded_what_and_warns_of_missing_pages(
    customer: Client, rudi: User
) -> None:
    customer.get("/o/muster-gmbh/dpa/manual.pdf")
    waiting = upload(customer, ("1.png", png((30, 42))), ("2.jpg", jpeg((30, 42))))
    uploaded_at = date_format(
        timezone.localtime(waiting.uploaded_at), "DATETIME_FORMAT"
    )

    rows = queue_rows(logged_in(rudi))

    issued_pages = waiting.issued.page_count
    assert issued_pages > 2
    assert rows == [
        [
            "Muster GmbH",
            "1.0",
            "DE",
            uploaded_at,
            "Alice Admin",
            f"{issued_pages} / 2 differ",
            "Review",
        ]
    ]


def test_the_queue_shows_no_warning_when_the_page_counts_agree(
    customer: Client, rudi: User
) -> None:
    pdf = customer.get("/o/muster-gmbh/dpa/manual.pdf").content
    waiting = upload(customer, ("signed.pdf", pdf))

    (row,) = queue_rows(logged_in(rudi))

    assert row[5] == f"{waiting.issued.page_count} / {waiting.issued.page_count}"


def test_the_review_page_warns_when_the_page_counts_differ(
    customer: Client, rudi: User
) -> None:
    customer.get("/o/muster-gmbh/dpa/manual.pdf")
    waiting = upload(customer, ("1.png", png((30, 42))))

    page = logged_in(rudi).get(f"/staff/reviews/{waiting.pk}/").content.decode()

    assert f"{waiting.issued.page_count} issued, 1 uploaded" in page
    assert f'id="page-warning">{PAGES_DIFFER}</strong>' in page
    assert page.count('<p class="missing">Missing in the upload</p>') == (
        waiting.issued.page_count - 1
    )


def test_the_review_page_has_no_warning_for_a_complete_scan(
    customer: Client, rudi: User
) -> None:
    pdf = customer.get("/o/muster-gmbh/dpa/manual.pdf").content
    waiting = upload(customer, ("signed.pdf", pdf))

    page = logged_in(rudi).get(f"/staff/reviews/{waiting.pk}/").content.decode()

    assert PAGES_DIFFER not in page
    assert "Missing in the upload" not in page


def test_the_queue_says_when_nothing_waits(rudi: User, db: None) -> None:
    assert queue_rows(logged_in(rudi)) == [["Nothing waits for review."]]


def test_a_page_drawn_once_is_not_read_or_drawn_again_for_the_same_browser(
    customer: Client, rudi: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    customer.get("/o/muster-gmbh/dpa/manual.pdf")
    waiting = upload(customer, ("1.png", png((30, 42))))
    reviewer = logged_in(rudi)
    url = f"/staff/reviews/{waiting.pk}/issued/2.png"
    first = reviewer.get(url)
    monkeypatch.setattr(review_views, "read_pdf", fail_to_read)

    again = reviewer.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.content.startswith(b"\x89PNG")
    assert waiting.issued.pdf_sha256 in first["ETag"]
    assert (again.status_code, again.content) == (304, b"")
    assert again["ETag"] == first["ETag"]


def test_a_page_beyond_the_last_answers_404_without_reading_the_pdf(
    customer: Client, rudi: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    customer.get("/o/muster-gmbh/dpa/manual.pdf")
    waiting = upload(customer, ("1.png", png((30, 42))))
    monkeypatch.setattr(review_views, "read_pdf", fail_to_read)
    reviewer = logged_in(rudi)

    beyond_upload = reviewer.get(f"/staff/reviews/{waiting.pk}/upload/2.png")
    page_zero = reviewer.get(f"/staff/reviews/{waiting.pk}/issued/0.png")

    assert (beyond_upload.status_code, page_zero.status_code) == (404, 404)


def fail_to_read(name: str) -> bytes:
    raise AssertionError(f"{name} was read")
