"""An administrator invites someone by e-mail; the invitee opens an account."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone, translation
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from dpaportal.accounts.models import User
from dpaportal.organisations.models import Membership, Organisation, Role

if TYPE_CHECKING:
    from tests.e2e.conftest import NewPage

pytestmark = pytest.mark.e2e

ADMIN_EMAIL = "alice@muster.example"
ADMIN_PASSWORD = "correct horse battery staple"
NEW_MEMBER_EMAIL = "dora@muster.example"
NEW_MEMBER_PASSWORD = "Lindenstraße 12, dritter Stock"


@pytest.fixture
def muster(transactional_db: None) -> Organisation:
    organisation = Organisation.objects.create(
        name="Muster GmbH", slug="muster-gmbh", licence_signed_at=timezone.now()
    )
    alice = User.objects.create_user(
        ADMIN_EMAIL, password=ADMIN_PASSWORD, full_name="Alice Admin"
    )
    Membership.objects.create(
        organisation=organisation, user=alice, role=Role.ADMINISTRATOR
    )
    return organisation


def german(message: str) -> str:
    """The German the page shows for ``message``, from the project's catalogue."""
    with translation.override("de"):
        return translation.gettext(message)


def log_in(page: Page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.locator("form:has(input[name=password]) button[type=submit]").click()


def invitation_link(live_server: LiveServer) -> str:
    """The link of the one invitation sent, pointed at the live server."""
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [NEW_MEMBER_EMAIL]
    found = re.search(rf"{re.escape(settings.BASE_URL)}/invitations/\S+", message.body)
    assert found, message.body
    return live_server.url + found.group(0).removeprefix(settings.BASE_URL)


def test_administrator_invites_a_member_who_accepts_in_german(
    live_server: LiveServer, page: Page, new_page: NewPage, muster: Organisation
) -> None:
    dashboard = f"{live_server.url}/o/{muster.slug}/"

    log_in(page, live_server.url, ADMIN_EMAIL, ADMIN_PASSWORD)
    expect(page).to_have_url(dashboard)
    page.select_option("#language-select", "de")
    expect(page.locator("html")).to_have_attribute("lang", "de")

    page.goto(f"{dashboard}members/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text(german("Members"))
    invitation_form = page.locator("form", has=page.locator("input[name=email]"))
    invitation_form.locator("input[name=email]").fill(NEW_MEMBER_EMAIL)
    invitation_form.locator("select[name=role]").select_option(Role.MEMBER.value)
    invitation_form.get_by_role("button", name=german("Send invitation")).click()
    expect(page.get_by_role("status")).to_have_text(
        german("The invitation has been sent.")
    )

    # A browser of her own, in German: the page follows Accept-Language.
    invitee = new_page(locale="de-DE")
    invitee.goto(invitation_link(live_server))
    expect(invitee.locator("html")).to_have_attribute("lang", "de")
    invitee.fill("input[name=full_name]", "Dora Neumann")
    invitee.fill("input[name=password]", NEW_MEMBER_PASSWORD)
    invitee.fill("input[name=password_again]", NEW_MEMBER_PASSWORD)
    invitee.get_by_role("button", name=german("Create account and join")).click()
    expect(invitee).to_have_url(dashboard)
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Muster GmbH")

    invitee.get_by_role("button", name=german("Log out")).click()
    expect(invitee).to_have_url(f"{live_server.url}/accounts/login/")
    log_in(invitee, live_server.url, NEW_MEMBER_EMAIL, NEW_MEMBER_PASSWORD)
    expect(invitee).to_have_url(dashboard)
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Muster GmbH")
    membership = Membership.objects.get(user__email=NEW_MEMBER_EMAIL)
    assert membership.organisation == muster
    assert membership.role == Role.MEMBER
