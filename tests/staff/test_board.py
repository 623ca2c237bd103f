"""The status board: figures per version, the filtered list and its CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dpaportal.accounts.models import User
from dpaportal.agreements.models import (
    AgreementStatus,
    IssuedDocument,
    ManualUpload,
    SignedAgreement,
)
from dpaportal.agreements.status import dpa_status
from dpaportal.campaigns.models import Campaign, ResignRequirement
from dpaportal.organisations.models import Organisation
from dpaportal.versions.models import DpaVersion, VersionStatus
from dpaportal.versions.services import install_default_version
from tests.agreements.factories import company_details
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def organisation(name: str, **fields: object) -> Organisation:
    slug = name.lower().replace(" ", "-")
    return Organisation.objects.create(name=name, slug=slug, **fields)


def published(major: int) -> DpaVersion:
    return DpaVersion.objects.create(
        major=major, minor=0, status=VersionStatus.PUBLISHED, published_at=NOW
    )


def campaign(version: DpaVersion, started: datetime, deadline: datetime) -> Campaign:
    return Campaign.objects.create(
        version=version, kind="major", deadline=deadline, started_at=started
    )


def sign(
    owner: Organisation, version: DpaVersion, status: str = AgreementStatus.SIGNED
) -> SignedAgreement:
    key = f"{owner.slug}-{version.number}"
    return SignedAgreement.objects.create(
        organisation=owner,
        version=version,
        language="en",
        method="digital",
        status=status,
        fingerprint=key,
        document_identifier=f"DPA-{key}",
        snapshot={},
        signer_name="Sam Signer",
        signer_email="sam@example.com",
        signed_at=NOW - timedelta(days=10 * version.major),
        pdf_name=f"{key}.pdf",
        pdf_sha256=key,
        seal_level="B-LT",
    )


def require(
    owner: Organisation, asked: Campaign, held: DpaVersion, fulfilled: bool = False
) -> None:
    ResignRequirement.objects.create(
        campaign=asked,
        organisation=owner,
        signed_version=held,
        fulfilled_at=NOW if fulfilled else None,
    )


def upload(owner: Organisation, version: DpaVersion) -> None:
    issued = IssuedDocument.objects.create(
        organisation=owner,
        version=version,
        language="en",
        fingerprint=f"issued-{owner.slug}",
        identifier=f"DPA-{owner.slug}",
        snapshot={},
        page_count=9,
        pdf_name="issued.pdf",
        pdf_sha256=f"issued-{owner.slug}",
        issued_at=NOW,
    )
    ManualUpload.objects.create(
        organisation=owner,
        issued=issued,
        uploaded_at=NOW,
        kind="pdf",
        originals=[],
        review_pdf_name="review.pdf",
        review_pdf_sha256=f"review-{owner.slug}",
        page_count=9,
    )


@pytest.fixture
def states(db: None) -> dict[str, str]:
    """Organisations in every state, by slug, with the status the board shows.

    India owes two campaigns; the newer one, still running, decides. Juliet's
    scan waits for review, but her current signature already counts.
    """
    first = install_default_version()
    second, third = published(2), published(3)
    passed = campaign(second, NOW - timedelta(days=60), NOW - timedelta(days=1))
    running = campaign(third, NOW - timedelta(days=1), NOW + timedelta(days=30))

    alpha = organisation("Alpha Signed", licence_signed_at=NOW)
    sign(alpha, third)
    sign(organisation("Bravo Signed"), first)
    charlie = organisation("Charlie Pending")
    require(charlie, running, sign(charlie, second).version)
    delta = organisation("Delta Overdue")
    require(delta, passed, sign(delta, first).version)
    echo = organisation("Echo Renewed")
    sign(echo, first, AgreementStatus.SUPERSEDED)
    sign(echo, third)
    require(echo, passed, first, fulfilled=True)
    upload(organisation("Foxtrot Review"), third)
    organisation("Golf Never")
    hotel = organisation("Hotel Review Pending")
    require(hotel, running, sign(hotel, second).version)
    upload(hotel, third)
    india = organisation("India Twice Asked")
    require(india, passed, sign(india, first).version)
    require(india, running, first)
    juliet = organisation("Juliet Signed")
    sign(juliet, third)
    upload(juliet, third)
    return {
        "alpha-signed": "signed",
        "bravo-signed": "signed",
        "charlie-pending": "resign_required",
        "delta-overdue": "overdue",
        "echo-renewed": "signed",
        "foxtrot-review": "under_review",
        "golf-never": "never_signed",
        "hotel-review-pending": "under_review",
        "india-twice-asked": "resign_required",
        "juliet-signed": "signed",
    }


@pytest.fixture
def staff(lena: User) -> Client:
    return logged_in(lena)


def listed(client: Client, query: str = "") -> dict[str, str]:
    page = client.get(f"/staff/board/{query}")
    assert page.status_code == 200
    return {row.slug: row.status for row in page.context["rows"]}


def test_the_figures_count_organisations_per_version(
    states: dict[str, str], staff: Client
) -> None:
    page = staff.get("/staff/board/")

    figures = {
        figure.version.number: (
            figure.signed,
            figure.resign_required,
            figure.overdue,
            figure.under_review,
            figure.never_signed,
        )
        for figure in page.context["figures"]
    }
    assert list(figures) == ["3.0", "2.0", "1.0"]
    assert figures == {
        "3.0": (3, 3, 0, 3, 7),
        "2.0": (2, 0, 2, 0, 5),
        "1.0": (3, 0, 0, 0, 2),
    }


def test_never_signed_counts_who_holds_neither_the_version_nor_a_later_one(
    states: dict[str, str], staff: Client
) -> None:
    """Echo signed 1.0 and then 3.0, so it has signed 1.0 and a successor of
    2.0; Foxtrot's scan is not signed yet; Charlie holds 2.0 but not 3.0."""
    page = staff.get("/staff/board/")

    cells = re.findall(
        r'<tr data-version="([\d.]+)">.*?data-count="never_signed">(\d+)<',
        page.content.decode(),
        re.DOTALL,
    )
    assert cells == [("3.0", "7"), ("2.0", "5"), ("1.0", "2")]


def shown_status_counts(page: HttpResponse) -> dict[str, int]:
    table = page.content.decode().split('id="board-statuses"')[1]
    table = table.split("</table>")[0]
    return {
        code: int(count)
        for code, count in re.findall(r'data-count="(\w+)">(\d+)<', table)
    }


def test_the_status_counts_add_up_to_every_organisation_once(
    states: dict[str, str], staff: Client
) -> None:
    shown = shown_status_counts(staff.get("/staff/board/"))

    assert shown == {
        "signed": 4,
        "resign_required": 2,
        "overdue": 1,
        "under_review": 2,
        "never_signed": 1,
        "all": 10,
    }


def test_each_status_count_is_the_number_of_rows_its_filter_lists(
    states: dict[str, str], staff: Client
) -> None:
    """Beyond the fixture: a DPA superseded with nothing in force, two
    campaigns started at the same moment, a scan while the newest campaign is
    overdue."""
    now = timezone.now()
    superseded_only = organisation("Kilo Superseded Only")
    sign(superseded_only, DpaVersion.objects.get(major=1), AgreementStatus.SUPERSEDED)
    fourth, fifth = published(4), published(5)
    started = now - timedelta(days=2)
    twins = [
        campaign(fourth, started, now + timedelta(days=3)),
        campaign(fifth, started, now - timedelta(days=1)),
    ]
    lima = organisation("Lima Twin Campaigns")
    held = sign(lima, DpaVersion.objects.get(major=3)).version
    for asked in twins:
        require(lima, asked, held)
    mike = organisation("Mike Scan While Late")
    require(mike, twins[1], sign(mike, held).version)
    upload(mike, fifth)

    shown = shown_status_counts(staff.get("/staff/board/"))

    total = shown.pop("all")
    assert total == Organisation.objects.count() == 13
    assert sum(shown.values()) == total
    for status, count in shown.items():
        rows = exported(staff, f"?status={status}")[1:]
        assert count == len(rows), status
    assert listed(staff, "?q=lima") == {"lima-twin-campaigns": "overdue"}
    assert listed(staff, "?q=kilo") == {"kilo-superseded-only": "never_signed"}
    assert listed(staff, "?q=mike") == {"mike-scan-while-late": "under_review"}


def test_each_organisation_has_the_status_its_customers_see(
    states: dict[str, str], staff: Client
) -> None:
    customer_words = {"not_started": "never_signed", "draft": "never_signed"}
    company_details(Organisation.objects.get(slug="golf-never"))

    shown = listed(staff)

    assert shown == states
    for slug, status in shown.items():
        code = dpa_status(Organisation.objects.get(slug=slug)).code
        assert customer_words.get(code, code) == status


def test_the_list_shows_the_current_version_its_date_and_the_deadline(
    states: dict[str, str], staff: Client
) -> None:
    rows = {row.slug: row for row in staff.get("/staff/board/").context["rows"]}

    assert (rows["echo-renewed"].version, rows["bravo-signed"].version) == (
        "3.0",
        "1.0",
    )
    assert rows["echo-renewed"].signed_at == NOW - timedelta(days=30)
    assert rows["golf-never"].version == ""
    assert rows["charlie-pending"].deadline == NOW + timedelta(days=30)
    assert rows["alpha-signed"].deadline is None
    assert rows["alpha-signed"].licence_signed_at == NOW


@pytest.mark.parametrize(
    "status", ["signed", "resign_required", "overdue", "under_review", "never_signed"]
)
def test_the_status_filter_lists_only_organisations_in_that_state(
    status: str, states: dict[str, str], staff: Client
) -> None:
    expected = {slug for slug, state in states.items() if state == status}

    shown = listed(staff, f"?status={status}")

    assert set(shown) == expected
    assert set(shown.values()) == {status}


def test_the_name_search_ignores_case_and_stays_in_the_links(
    states: dict[str, str], staff: Client
) -> None:
    page = staff.get("/staff/board/?status=signed&q=SIGNED")

    assert [row.slug for row in page.context["rows"]] == [
        "alpha-signed",
        "bravo-signed",
        "juliet-signed",
    ]
    assert b'value="SIGNED"' in page.content
    assert b'href="/staff/board.csv?status=signed&amp;q=SIGNED"' in page.content


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("?status=lost", "The status “lost” is unknown and was ignored."),
        ("?q=" + "x" * 101, "The name search was ignored"),
        ("?q=a%00b", "The name search was ignored"),
    ],
)
def test_a_wrong_filter_value_is_ignored_with_a_note(
    query: str, note: str, states: dict[str, str], staff: Client
) -> None:
    page = staff.get(f"/staff/board/{query}&page=x")

    assert page.status_code == 200
    assert note in page.content.decode()
    assert len(page.context["rows"]) == len(states)
    assert page.context["query"] == ""


def test_the_list_is_paginated_fifty_to_a_page_with_the_filter_kept(
    staff: Client,
) -> None:
    Organisation.objects.bulk_create(
        Organisation(name=f"Many {number:03}", slug=f"many-{number:03}")
        for number in range(120)
    )
    Organisation.objects.create(name="Lonely", slug="lonely")

    first = staff.get("/staff/board/?q=many")
    third = staff.get("/staff/board/?q=many&page=3")
    beyond = staff.get("/staff/board/?q=many&page=99")
    odd = [
        staff.get(f"/staff/board/?q=many&page={number}").context["page"].number
        for number in ("0", "-1", "²", "x", "9" * 30)
    ]

    assert len(first.context["rows"]) == 50
    assert first.context["rows"][0].slug == "many-000"
    assert b'href="?q=many&amp;page=2"' in first.content
    assert b"More than 50 organisations" in first.content
    assert b"120 organisations" in third.content
    assert b"Page 3 of 3" in third.content
    assert b'rel="next"' not in third.content
    assert [row.slug for row in third.context["rows"]][::19] == ["many-100", "many-119"]
    assert beyond.context["page"].number == 3
    assert odd == [1, 1, 1, 1, 3]


def test_the_board_costs_no_query_per_organisation(
    states: dict[str, str], staff: Client
) -> None:
    staff.get("/staff/board/")
    with CaptureQueriesContext(connection) as few:
        staff.get("/staff/board/")
    Organisation.objects.bulk_create(
        Organisation(name=f"Many {number:03}", slug=f"many-{number:03}")
        for number in range(60)
    )

    with CaptureQueriesContext(connection) as many:
        staff.get("/staff/board/?page=2")

    assert len(many) == len(few)


def exported(client: Client, query: str = "") -> list[list[str]]:
    response = client.get(f"/staff/board.csv{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_holds_every_filtered_row_not_one_page(
    states: dict[str, str], staff: Client
) -> None:
    Organisation.objects.bulk_create(
        Organisation(name=f"Many {number:03}", slug=f"many-{number:03}")
        for number in range(70)
    )

    everyone = exported(staff)
    overdue = exported(staff, "?status=overdue&q=delta")

    assert everyone[0] == [
        "Name",
        "Short name",
        "Licence agreement signed",
        "Signed version",
        "Signed at",
        "Status",
        "Deadline",
    ]
    assert len(everyone) == 1 + 70 + len(states)
    assert overdue[1:] == [
        [
            "Delta Overdue",
            "delta-overdue",
            "",
            "1.0",
            (NOW - timedelta(days=10)).isoformat(timespec="seconds"),
            "Overdue",
            (NOW - timedelta(days=1)).isoformat(timespec="seconds"),
        ]
    ]


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(staff: Client) -> None:
    for number, name in enumerate(["=1+2", "+49 Ltd", "-minus", "@SUM(A1)", "Plain"]):
        Organisation.objects.create(name=name, slug=f"org-{number}")
    Organisation.objects.create(name="Dash slug", slug="-dash")

    names = {row[0]: row[1] for row in exported(staff)[1:]}

    assert names == {
        "'=1+2": "org-0",
        "'+49 Ltd": "org-1",
        "'-minus": "org-2",
        "'@SUM(A1)": "org-3",
        "Plain": "org-4",
        "Dash slug": "'-dash",
    }


@pytest.mark.parametrize("url", ["/staff/board/", "/staff/board.csv"])
def test_customers_get_403_and_visitors_are_sent_to_the_login(
    url: str, alice: User
) -> None:
    refused = logged_in(alice).get(url)
    anonymous = Client().get(url)

    assert refused.status_code == 403
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")


def test_reviewers_see_the_board_and_staff_find_it_in_the_navigation(
    rudi: User, lena: User
) -> None:
    for user in (rudi, lena):
        page = logged_in(user).get("/staff/board/")

        assert page.status_code == 200
        assert b'href="/staff/board/">Status board</a>' in page.content


def test_the_organisations_list_is_paginated_and_filtered_like_the_board(
    states: dict[str, str], staff: Client
) -> None:
    Organisation.objects.bulk_create(
        Organisation(name=f"Many {number:03}", slug=f"many-{number:03}")
        for number in range(120)
    )

    first = staff.get("/staff/organisations/?q=MANY")
    third = staff.get("/staff/organisations/?q=many&page=3")
    overdue = staff.get("/staff/organisations/?status=overdue")

    slugs = [organisation.slug for organisation in first.context["organisations"]]
    assert (len(slugs), slugs[0]) == (50, "many-000")
    assert b'href="?q=MANY&amp;page=2"' in first.content
    assert b"Page 3 of 3" in third.content
    assert len(third.context["organisations"]) == 20
    assert {o.slug for o in overdue.context["organisations"]} == {
        slug for slug, status in states.items() if status == "overdue"
    }


def test_the_organisations_list_costs_no_query_per_organisation(
    staff: Client,
) -> None:
    organisation("Early")
    staff.get("/staff/organisations/")
    with CaptureQueriesContext(connection) as few:
        staff.get("/staff/organisations/")
    Organisation.objects.bulk_create(
        Organisation(name=f"Many {number:03}", slug=f"many-{number:03}")
        for number in range(60)
    )

    with CaptureQueriesContext(connection) as many:
        page = staff.get("/staff/organisations/?page=2")

    assert len(page.context["organisations"]) == 11
    assert len(many) == len(few)
