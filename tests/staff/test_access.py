"""Only staff of the legal group reach the legal team's pages."""

from __future__ import annotations

import pytest
from django.test import Client

from dpaportal.accounts.models import User
from dpaportal.staff.version_forms import TAG_LABELS
from dpaportal.subprocessors.models import SubProcessor
from dpaportal.versions.models import DpaVersion
from dpaportal.versions.rules import KNOWN_TAGS
from tests.conftest import logged_in

PAGES = [
    "/staff/processor/",
    "/staff/subprocessors/",
    "/staff/subprocessors/new/",
    "/staff/subprocessors/{entry}/",
    "/staff/versions/",
    "/staff/versions/{draft}/",
    "/staff/versions/{draft}/edit/en/",
    "/staff/versions/{draft}/preview/de/",
    "/staff/versions/{draft}/preview/de.pdf",
]
ACTIONS = [
    "/staff/versions/new/",
    "/staff/versions/{draft}/number/",
    "/staff/versions/{draft}/publish/",
]


def filled(url: str, draft: DpaVersion, entry: SubProcessor) -> str:
    return url.format(draft=draft.pk, entry=entry.pk)


@pytest.mark.parametrize("url", PAGES + ACTIONS)
def test_customers_get_403_on_every_legal_page(
    url: str, alice: User, draft: DpaVersion, hosting: SubProcessor
) -> None:
    client = logged_in(alice)

    assert client.get(filled(url, draft, hosting)).status_code == 403
    assert client.post(filled(url, draft, hosting)).status_code == 403


@pytest.mark.parametrize("url", PAGES + ACTIONS)
def test_reviewers_get_403_on_every_legal_page(
    url: str, rudi: User, draft: DpaVersion, hosting: SubProcessor
) -> None:
    response = logged_in(rudi).post(filled(url, draft, hosting))

    assert response.status_code == 403


@pytest.mark.parametrize("url", PAGES + ACTIONS)
def test_anonymous_visitors_are_sent_to_the_login(
    url: str, draft: DpaVersion, hosting: SubProcessor
) -> None:
    response = Client().post(filled(url, draft, hosting))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_nothing_changes_when_a_customer_posts_to_the_legal_actions(
    alice: User, draft: DpaVersion
) -> None:
    client = logged_in(alice)

    client.post(f"/staff/versions/{draft.pk}/publish/")
    client.post(f"/staff/versions/{draft.pk}/number/", {"number": "9.0"})
    client.post("/staff/subprocessors/new/", {"name": "Sneaky"})

    draft.refresh_from_db()
    assert draft.is_draft
    assert draft.number == "1.1"
    assert not SubProcessor.objects.filter(name="Sneaky").exists()


def test_legal_staff_see_their_pages_in_the_navigation(lena: User) -> None:
    page = logged_in(lena).get("/staff/organisations/").content.decode()

    assert 'href="/staff/versions/"' in page
    assert 'href="/staff/subprocessors/"' in page
    assert 'href="/staff/processor/"' in page


def test_reviewers_and_customers_see_no_links_to_the_legal_pages(
    rudi: User, alice: User
) -> None:
    reviewer_page = logged_in(rudi).get("/staff/organisations/").content.decode()
    customer_page = logged_in(alice).get("/", follow=True).content.decode()

    assert 'href="/staff/organisations/"' in reviewer_page
    assert 'href="/staff/versions/"' not in reviewer_page
    assert 'href="/staff/versions/"' not in customer_page


def test_every_known_tag_has_a_readable_label() -> None:
    assert set(TAG_LABELS) == KNOWN_TAGS
