"""Issue 6, point 6: a major version is published and the organisation signs again.

Muster GmbH signed DPA 1.0 (bob, through the test client, to keep the browser
part short). Legal staff publish 2.0 as a major change in the browser; the
administrator alice follows her e-mail, sees the banner and the redline and
signs 2.0 herself, and both signed DPAs stay in the history, downloadable, the
new one verifiable; the status board counts the organisation as signed for 2.0.

alice is named an authorized signer as well: the DPA page lets only named
signers sign, administrators included.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.template import Context, Template
from django.utils import timezone, translation
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from dpaportal.accounts.models import User
from dpaportal.agreements.models import AgreementStatus, SignedAgreement
from dpaportal.campaigns.models import Campaign, CampaignKind, ResignRequirement
from dpaportal.organisations.models import Membership, Organisation, Role
from dpaportal.versions.models import DpaVersion
from dpaportal.versions.services import (
    install_default_version,
    renumber_draft,
    save_draft_text,
    start_draft,
)
from tests.agreements.conftest import (
    read_to_the_end,
    shown_fingerprint,
    signer_client,
    submit_signature,
)
from tests.agreements.factories import company_details, hosting_provider, vendor_details
from tests.conftest import PASSWORD

if TYPE_CHECKING:
    from tests.e2e.conftest import NewPage

pytestmark = pytest.mark.e2e

ADMIN_EMAIL = "alice@muster.example"
ADMIN_NAME = "Alice Admin"
SIGNER_EMAIL = "bob@muster.example"
SIGNER_NAME = "Bob Member"
LEGAL_EMAIL = "lena@vendor.example"
ADDED_SENTENCE = "A new sentence about confidentiality."

T = TypeVar("T")


def in_thread(work: Callable[[], T]) -> T:
    """Run ``work`` in a thread without Playwright's asyncio loop.

    Sealing and checking a PDF with pyHanko starts an event loop of its own,
    which fails in a thread where one is running already, as in this test's.
    """

    def run() -> T:
        try:
            return work()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def sign_current_version() -> SignedAgreement:
    """bob signs the current version through the endpoints, as in the unit tests."""
    client = signer_client(User.objects.get(email=SIGNER_EMAIL))
    fingerprint = shown_fingerprint(client)
    read_to_the_end(client, fingerprint)
    response = submit_signature(client, fingerprint, SIGNER_NAME)
    assert response.status_code == 302  # type: ignore[attr-defined]
    return SignedAgreement.objects.get(fingerprint=fingerprint)


def draft_with_a_changed_clause(lena: User) -> DpaVersion:
    draft = start_draft(lena)
    for language in ("en", "de"):
        text = copy.deepcopy(draft.content[language])
        text["clauses"][6]["title"] += " (revised)"
        text["clauses"][6]["body"] += f"\n\n{ADDED_SENTENCE}"
        save_draft_text(draft, language, text, "Clause 7 extended.", lena)
    renumber_draft(draft, "2.0", lena)
    return draft


@pytest.fixture
def muster(transactional_db: None) -> Organisation:
    """Muster GmbH, licence signed, alice administering, bob and alice its
    signers; DPA 1.0 signed by bob."""
    organisation = Organisation.objects.create(
        name="Muster GmbH", slug="muster-gmbh", licence_signed_at=timezone.now()
    )
    people = {}
    for email, name, role in [
        (ADMIN_EMAIL, ADMIN_NAME, Role.ADMINISTRATOR),
        (SIGNER_EMAIL, SIGNER_NAME, Role.MEMBER),
    ]:
        people[email] = User.objects.create_user(
            email, password=PASSWORD, full_name=name
        )
        Membership.objects.create(
            organisation=organisation, user=people[email], role=role
        )
    vendor_details()
    hosting_provider()
    install_default_version()
    company_details(organisation).signers.add(*people.values())
    first = in_thread(sign_current_version)
    assert first.version.number == "1.0"
    return organisation


@pytest.fixture
def lena(transactional_db: None) -> User:
    user = User.objects.create_user(
        LEGAL_EMAIL, password=PASSWORD, full_name="Lena Legal", is_staff=True
    )
    # Browser tests flush the database, the group included.
    user.groups.add(Group.objects.get_or_create(name="legal")[0])
    return user


def log_in(page: Page, live_server: LiveServer, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def mailed_link(live_server: LiveServer, email: str) -> str:
    """The link of the one e-mail sent to ``email``, pointed at the live server."""
    messages = [message for message in mail.outbox if message.to == [email]]
    assert len(messages) == 1, [message.to for message in mail.outbox]
    assert "2.0" in messages[0].subject
    found = re.search(rf"{re.escape(settings.BASE_URL)}/\S+", messages[0].body)
    assert found, messages[0].body
    return live_server.url + found.group(0).removeprefix(settings.BASE_URL)


def shown_date(moment: object) -> str:
    """``moment`` as the English pages show a date."""
    with translation.override("en"):
        return Template('{{ moment|date:"DATE_FORMAT" }}').render(
            Context({"moment": moment})
        )


def history_row(page: Page, number: str) -> Locator:
    history = page.locator(
        "section", has=page.get_by_role("heading", name="Signed DPAs")
    ).get_by_role("table")
    return history.get_by_role("row").filter(
        has=page.get_by_role("cell", name=number, exact=True)
    )


def download(page: Page, row: Locator, folder: Path) -> Path:
    with page.expect_download() as download_info:
        row.get_by_role("link", name="Download", exact=True).click()
    folder.mkdir()
    path = folder / download_info.value.suggested_filename
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    return path


def test_a_major_version_is_published_seen_and_signed_again(
    live_server: LiveServer,
    muster: Organisation,
    lena: User,
    new_page: NewPage,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dpa_page = f"{live_server.url}/o/{muster.slug}/dpa/"
    draft = draft_with_a_changed_clause(lena)
    mail.outbox.clear()

    # Legal staff publish 2.0 as a major change with 30 days to sign.
    staff = new_page()
    log_in(staff, live_server, LEGAL_EMAIL)
    staff.goto(f"{live_server.url}/staff/versions/{draft.pk}/")
    publish_form = staff.locator("#publish-form")
    publish_form.locator("#publish-kind").select_option("major")
    publish_form.locator("#publish-days").fill("30")
    publish_form.get_by_role("button", name="Publish").click()
    expect(staff).to_have_url(f"{live_server.url}/staff/versions/{draft.pk}/")
    expect(staff.locator(".messages")).to_have_text("Version 2.0 has been published.")
    expect(staff.locator("#publish-form")).to_have_count(0)
    campaign = Campaign.objects.get()
    assert campaign.kind == CampaignKind.MAJOR
    assert campaign.affected_count == 1
    assert campaign.deadline is not None
    assert abs(campaign.deadline - timezone.now() - timedelta(days=30)) < timedelta(
        minutes=5
    )

    # Both alice and bob are told, each with a link to the DPA page.
    assert sorted(message.to[0] for message in mail.outbox) == [
        ADMIN_EMAIL,
        SIGNER_EMAIL,
    ]
    assert mailed_link(live_server, SIGNER_EMAIL) == dpa_page
    alice_link = mailed_link(live_server, ADMIN_EMAIL)

    # alice follows her e-mail: the banner on the DPA page and her dashboard.
    admin = new_page()
    admin.goto(alice_link)
    expect(admin).to_have_url(re.compile(r"/accounts/login/\?next="))
    admin.fill("input[name=username]", ADMIN_EMAIL)
    admin.fill("input[name=password]", PASSWORD)
    admin.locator("form:has(input[name=password]) button[type=submit]").click()
    expect(admin).to_have_url(dpa_page)
    expect(admin.locator("#campaign-banner")).to_be_visible()
    admin.goto(f"{live_server.url}/o/{muster.slug}/")
    banner = admin.locator("#campaign-banner")
    expect(banner).to_contain_text(
        "DPA version 2.0 is new. Your signed version 1.0 stays valid until "
        f"{shown_date(campaign.deadline)}."
    )

    # The banner leads to the redline on the DPA page.
    banner.get_by_role("link", name="See what changed and sign").click()
    expect(admin).to_have_url(dpa_page)
    expect(admin.locator("#dpa-status")).to_have_attribute(
        "data-status", "resign_required"
    )
    expect(admin.locator("#dpa-status .status-label")).to_have_text("Re-sign required")
    redline = admin.locator("#redline")
    expect(
        redline.get_by_role("heading", name="What changed from version 1.0 to 2.0")
    ).to_be_visible()
    expect(redline.locator("ins", has_text=ADDED_SENTENCE)).to_have_text(ADDED_SENTENCE)
    expect(redline).to_contain_text("(revised)")

    # alice signs 2.0 herself, as in the digital journey.
    with admin.expect_response(
        lambda response: response.url.endswith("/dpa/sign/reading/")
    ) as opened:
        admin.get_by_role("link", name="Sign DPA").click()
    assert opened.value.ok, opened.value.text()
    expect(admin).to_have_url(f"{dpa_page}sign/")
    sign_button = admin.locator("#sign-button")
    expect(sign_button).to_be_disabled()
    frame = admin.locator("#document-frame")
    for _ in range(500):  # read it screen by screen, as a person would
        if frame.evaluate(
            "e => { e.scrollBy(0, e.clientHeight);"
            " return e.scrollTop + e.clientHeight >= e.scrollHeight - 1; }"
        ):
            break
    else:
        pytest.fail("The document frame never reached its end.")
    expect(sign_button).to_be_enabled()
    admin.check("input[name=confirm]")
    admin.fill("#full-name", ADMIN_NAME)
    sign_button.click()
    expect(admin).to_have_url(dpa_page)
    expect(admin.locator(".messages")).to_have_text(
        "The DPA is signed. You can download it below."
    )

    # alice's DPA page: signed, no banner, both versions in the history.
    admin.reload()
    expect(admin.locator("#dpa-status .status-label")).to_have_text("Signed")
    expect(admin.locator("#campaign-banner")).to_have_count(0)
    expect(admin.locator("#redline")).to_have_count(0)
    old_row, new_row = history_row(admin, "1.0"), history_row(admin, "2.0")
    expect(old_row.get_by_role("cell").nth(4)).to_have_text("Superseded")
    expect(new_row.get_by_role("cell").nth(4)).to_have_text("Signed")
    old_pdf = download(admin, old_row, tmp_path / "1.0")
    new_pdf = download(admin, new_row, tmp_path / "2.0")

    first, second = SignedAgreement.objects.order_by("signed_at")
    assert (first.version.number, second.version.number) == ("1.0", "2.0")
    assert (first.signer_name, second.signer_name) == (SIGNER_NAME, ADMIN_NAME)
    assert second.signed_by == User.objects.get(email=ADMIN_EMAIL)
    assert (first.status, second.status) == (
        AgreementStatus.SUPERSEDED,
        AgreementStatus.SIGNED,
    )
    assert (old_pdf.name, new_pdf.name) == (first.download_name, second.download_name)
    assert ResignRequirement.objects.get().fulfilled_at == second.signed_at

    capsys.readouterr()
    in_thread(lambda: call_command("verify", str(new_pdf)))
    output = capsys.readouterr().out
    assert output.startswith("valid:"), output
    assert "organisation:  Muster GmbH" in output

    # The status board counts Muster GmbH as signed for 2.0, no longer for 1.0.
    staff.goto(f"{live_server.url}/staff/board/")
    figures = staff.locator("#board-figures")
    for number, signed in [("2.0", "1"), ("1.0", "0")]:
        cell = figures.locator(f"tr[data-version='{number}'] [data-count=signed]")
        expect(cell).to_have_text(signed)
    for count in ("resign_required", "never_signed"):
        cell = figures.locator(f"tr[data-version='2.0'] [data-count={count}]")
        expect(cell).to_have_text("0")
    expect(staff.locator("#board-statuses [data-count=signed]")).to_have_text("1")
    expect(staff.locator("#board-statuses [data-count=all]")).to_have_text("1")
    row = staff.locator(f"#board-organisations tr[data-slug='{muster.slug}']")
    expect(row).to_have_attribute("data-status", "signed")
    expect(row.get_by_role("cell").nth(3)).to_have_text("2.0")
