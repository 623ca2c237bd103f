"""The help page's digital path: settings, draft, inform, read, sign, verify."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone, translation
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from dpaportal.accounts.models import User
from dpaportal.agreements.models import SignatureEvidence, SignedAgreement
from dpaportal.organisations.models import Membership, Organisation, Role
from dpaportal.versions.services import install_default_version
from tests.agreements.factories import hosting_provider, vendor_details
from tests.conftest import PASSWORD
from tests.documents.pdftext import page_texts

if TYPE_CHECKING:
    from tests.e2e.conftest import NewPage

pytestmark = pytest.mark.e2e

ADMIN_EMAIL = "alice@muster.example"
SIGNER_EMAIL = "bob@muster.example"
SIGNER_NAME = "Bob Member"
NAMED_EMAIL = "carla@muster.example"
NAMED_NAME = "Carla Named"
ROOT = Path(__file__).resolve().parents[2]
DRAFT_MARK = {"en": "DRAFT", "de": "ENTWURF"}
OWN_GROUP = {"en": "Trade fair visitors", "de": "Messebesucher"}


@pytest.fixture
def muster(transactional_db: None) -> Organisation:
    """Muster GmbH with its licence signed, alice administering, bob and carla
    members; the vendor's details, DPA 1.0 published and one sub-processor."""
    organisation = Organisation.objects.create(
        name="Muster GmbH", slug="muster-gmbh", licence_signed_at=timezone.now()
    )
    for email, name, role in [
        (ADMIN_EMAIL, "Alice Admin", Role.ADMINISTRATOR),
        (SIGNER_EMAIL, SIGNER_NAME, Role.MEMBER),
        (NAMED_EMAIL, NAMED_NAME, Role.MEMBER),
    ]:
        user = User.objects.create_user(email, password=PASSWORD, full_name=name)
        Membership.objects.create(organisation=organisation, user=user, role=role)
    vendor_details()
    hosting_provider()
    install_default_version()
    return organisation


def in_language(message: str, language: str) -> str:
    """What the page shows for ``message`` in ``language``, from the catalogue."""
    with translation.override(language):
        return translation.gettext(message)


def submit_login(page: Page, email: str) -> None:
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()


def signer_link(live_server: LiveServer, dpa_page: str) -> str:
    """The link of the one e-mail sent to bob, pointed at the live server."""
    assert [message.to for message in mail.outbox] == [[SIGNER_EMAIL]]
    body = mail.outbox[0].body
    found = re.search(rf"{re.escape(settings.BASE_URL)}/\S+", body)
    assert found, body
    link = live_server.url + found.group(0).removeprefix(settings.BASE_URL)
    assert link == dpa_page
    return link


def verify(path: Path) -> subprocess.CompletedProcess[str]:
    """Run the real `dpaportal verify` command line on the test database.

    The journey's transactional database is committed, so another process
    sees it; the worker tests' settings name the test database, and the data
    directory (with the demo seal authority) comes with the environment.
    """
    environment = dict(os.environ)
    environment["DJANGO_SETTINGS_MODULE"] = "tests.background.worker_settings"
    environment["DPAPORTAL_TEST_DATABASE_NAME"] = str(connection.settings_dict["NAME"])
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), environment.get("PYTHONPATH", "")]
    )
    return subprocess.run(
        [sys.executable, "-m", "dpaportal", "verify", str(path)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("browser_locale", "language"), [("en-GB", "en"), ("de-DE", "de")], ids=["en", "de"]
)
def test_digital_signing_from_settings_to_verified_pdf(
    live_server: LiveServer,
    page: Page,
    new_page: NewPage,
    muster: Organisation,
    language: str,
    tmp_path: Path,
) -> None:
    def t(message: str) -> str:
        return in_language(message, language)

    dpa_page = f"{live_server.url}/o/{muster.slug}/dpa/"
    status_label = page.locator("#dpa-status .status-label")

    # The administrator fills the settings.
    page.goto(f"{live_server.url}/accounts/login/")
    submit_login(page, ADMIN_EMAIL)
    expect(page).to_have_url(f"{live_server.url}/o/{muster.slug}/")
    page.goto(dpa_page)
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.get_by_role("link", name=t("Edit the settings")).click()
    expect(page).to_have_url(f"{dpa_page}settings/")
    page.fill("[name=legal_name]", "Muster GmbH")
    page.fill("[name=address]", "Musterweg 1\n10115 Berlin")
    page.fill("[name=country]", "Germany")
    page.fill("[name=registration_number]", "HRB 98765")
    page.fill("[name=representative]", "Maria Muster")
    page.fill("[name=contact_email]", "legal@muster.example")
    page.check(f"input[name=language][value={language}]")
    page.check("input[name=sign_type][value=digital]")
    page.check("input[name=default_groups][value=employees]")
    page.check("input[name=default_groups][value=customers]")
    page.fill("[name=own_groups_text]", OWN_GROUP[language])
    bob = User.objects.get(email=SIGNER_EMAIL)
    page.check(f"input[name=signers][value='{bob.pk}']")
    carla = User.objects.get(email=NAMED_EMAIL)
    page.check(f"input[name=instruction_givers][value='{carla.pk}']")
    page.get_by_role("button", name=t("Save")).click()
    expect(page).to_have_url(dpa_page)
    expect(page.get_by_role("status")).to_have_text(
        t("The DPA settings have been saved.")
    )
    expect(status_label).to_have_text(t("Draft"))

    # The draft: marked as such, naming the own group; and as a PDF.
    page.get_by_role("link", name=t("Preview the draft")).click()
    expect(page).to_have_url(f"{dpa_page}draft/")
    expect(page.locator(".dpa-draft-mark")).to_have_text(DRAFT_MARK[language])
    expect(page.get_by_text(OWN_GROUP[language], exact=True).first).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=t("Download the draft (PDF)")).click()
    draft_pdf = Path(download_info.value.path())
    assert draft_pdf.read_bytes().startswith(b"%PDF")
    page.get_by_role("link", name=t("Back to the DPA page")).click()
    expect(page).to_have_url(dpa_page)

    page.get_by_role("button", name=t("Inform the signer")).click()
    with translation.override(language):
        informed = translation.ngettext(
            "%(count)d signer informed by e-mail.",
            "%(count)d signers informed by e-mail.",
            1,
        ) % {"count": 1}
    expect(page.get_by_role("status")).to_have_text(informed)
    expect(status_label).to_have_text(t("Waiting for signature"))

    # The signer follows the e-mail's link, in a browser of his own.
    signer = new_page()
    signer.goto(signer_link(live_server, dpa_page))
    expect(signer).to_have_url(re.compile(r"/accounts/login/\?next="))
    submit_login(signer, SIGNER_EMAIL)
    expect(signer).to_have_url(dpa_page)
    expect(signer.locator("html")).to_have_attribute("lang", language)
    with signer.expect_response(
        lambda response: response.url.endswith("/dpa/sign/reading/")
    ) as opened:
        signer.get_by_role("link", name=t("Sign DPA")).click()
    assert opened.value.ok, opened.value.text()
    expect(signer).to_have_url(f"{dpa_page}sign/")

    sign_button = signer.locator("#sign-button")
    expect(sign_button).to_be_disabled()
    frame = signer.locator("#document-frame")
    for _ in range(500):  # read it screen by screen, as a person would
        if frame.evaluate(
            "e => { e.scrollBy(0, e.clientHeight);"
            " return e.scrollTop + e.clientHeight >= e.scrollHeight - 1; }"
        ):
            break
    else:
        pytest.fail("The document frame never reached its end.")
    expect(sign_button).to_be_enabled()
    expect(signer.locator("#reading-state")).to_have_text(
        t("You have reached the end of the document.")
    )
    signer.check("input[name=confirm]")
    signer.fill("#full-name", SIGNER_NAME)
    sign_button.click()

    expect(signer).to_have_url(dpa_page)
    expect(signer.get_by_role("status")).to_have_text(
        t("The DPA is signed. You can download it below.")
    )
    expect(signer.locator("#dpa-status .status-label")).to_have_text(t("Signed"))
    history_link = signer.get_by_role("table").get_by_role(
        "link", name=t("Download"), exact=True
    )
    with signer.expect_download() as download_info:
        history_link.click()
    signed_pdf = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(signed_pdf)
    assert signed_pdf.read_bytes().startswith(b"%PDF")

    # What was stored, and what `dpaportal verify` says about the download.
    agreement = SignedAgreement.objects.get()
    assert agreement.language == language
    assert agreement.signer_name == SIGNER_NAME
    assert signed_pdf.name == agreement.download_name
    footprint = SignatureEvidence.objects.get(agreement=agreement).record[
        "browser_footprint"
    ]["values"]
    assert footprint.get("time_zone")
    assert footprint.get("user_agent") == signer.evaluate("navigator.userAgent")

    givers = SignatureEvidence.objects.get(agreement=agreement).record[
        "instruction_givers_at_signing"
    ]
    assert [giver["name"] for giver in givers] == ["Alice Admin", NAMED_NAME]
    assert NAMED_EMAIL in " ".join(page_texts(signed_pdf.read_bytes())[-2:])

    verified = verify(signed_pdf)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    output = verified.stdout
    assert output.startswith("valid:"), output
    assert "organisation:  Muster GmbH" in output
    assert f"language:      {language}" in output
    assert f"signer:        {SIGNER_NAME} <{SIGNER_EMAIL}>" in output
