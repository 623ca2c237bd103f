from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from dpaportal.accounts.models import User
from dpaportal.agreements.models import AgreementSettings, SignType
from dpaportal.audit.models import AuditEvent
from dpaportal.organisations.models import Organisation
from dpaportal.versions.services import publish_version, start_draft
from tests.agreements.factories import company_details
from tests.conftest import logged_in
from tests.documents.pdftext import page_texts

pytestmark = pytest.mark.django_db


def test_the_draft_preview_is_marked_and_built_from_the_current_settings(
    alice: User, dpa_settings: AgreementSettings
) -> None:
    response = logged_in(alice).get("/o/muster-gmbh/dpa/draft/")

    assert response.status_code == 200
    assert b"DRAFT" in response.content
    assert b"Musterweg 1" in response.content
    assert b"Visitors" in response.content
    assert AuditEvent.objects.filter(event_type="dpa.draft_generated").count() == 1


def test_the_draft_pdf_is_a_pdf_marked_as_draft(
    alice: User, dpa_settings: AgreementSettings
) -> None:
    response = logged_in(alice).get("/o/muster-gmbh/dpa/draft.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "-draft.pdf" in response["Content-Disposition"]


def test_every_page_of_the_draft_pdf_carries_the_draft_mark(
    alice: User, dpa_settings: AgreementSettings
) -> None:
    response = logged_in(alice).get("/o/muster-gmbh/dpa/draft.pdf")

    pages = page_texts(response.content)
    assert len(pages) > 1
    assert all("DRAFT" in text for text in pages)
    assert "This is a draft. It is not an agreement." in pages[0]
    assert "Musterweg 1" in " ".join(pages)


def test_the_draft_is_built_from_the_latest_published_version(
    alice: User, lena: User, dpa_settings: AgreementSettings
) -> None:
    publish_version(start_draft(lena), lena)
    client = logged_in(alice)

    preview = client.get("/o/muster-gmbh/dpa/draft/")
    pdf = client.get("/o/muster-gmbh/dpa/draft.pdf")

    assert b"Version 1.1" in preview.content
    assert b"Version 1.0" not in preview.content
    first_page = page_texts(pdf.content)[0]
    assert "Version 1.1" in first_page
    assert "Version 1.0" not in first_page
    assert "DPA-1.1-EN-" in pdf["Content-Disposition"]


def test_a_draft_needs_the_company_details_first(
    alice: User, muster: Organisation, version: object
) -> None:
    response = logged_in(alice).get("/o/muster-gmbh/dpa/draft/", follow=True)

    assert b"has not entered its company details" in response.content


def test_informing_sends_each_signer_a_link_to_the_dpa_page(
    alice: User, bob: User, dpa_settings: AgreementSettings
) -> None:
    response = logged_in(alice).post("/o/muster-gmbh/dpa/inform/", follow=True)

    assert b"1 signer informed" in response.content
    assert [message.to for message in mail.outbox] == [["bob@muster.example"]]
    link = re.search(r"https?://\S+(/o/muster-gmbh/dpa/)", mail.outbox[0].body)
    assert link
    assert logged_in(bob).get(link.group(1)).status_code == 200
    assert AuditEvent.objects.filter(event_type="dpa.signers_informed").count() == 1
    page = logged_in(alice).get("/o/muster-gmbh/dpa/")
    assert page.context["status"].code == "waiting"


def test_informing_without_signers_says_so(
    alice: User, bob: User, dpa_settings: AgreementSettings
) -> None:
    dpa_settings.signers.clear()

    response = logged_in(alice).post("/o/muster-gmbh/dpa/inform/", follow=True)

    assert b"Name at least one authorized signer first." in response.content
    assert mail.outbox == []


def test_informing_before_the_licence_agreement_is_signed_is_refused(
    alice: User, bob: User, muster: Organisation, dpa_settings: AgreementSettings
) -> None:
    muster.licence_signed_at = None
    muster.save()

    response = logged_in(alice).post("/o/muster-gmbh/dpa/inform/", follow=True)

    assert (
        b"The DPA can be signed once the licence agreement is signed."
        in response.content
    )
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(event_type="dpa.signers_informed").exists()


def test_informing_when_the_dpa_is_signed_by_hand_is_refused(
    alice: User, bob: User, dpa_settings: AgreementSettings
) -> None:
    dpa_settings.sign_type = SignType.MANUAL
    dpa_settings.save()

    response = logged_in(alice).post("/o/muster-gmbh/dpa/inform/", follow=True)

    assert b"signed by hand, so there is no signer to inform." in response.content
    assert mail.outbox == []
    dpa_settings.refresh_from_db()
    assert dpa_settings.signers_informed_at is None


def test_the_status_card_moves_from_not_started_to_draft(
    alice: User, muster: Organisation, version: object
) -> None:
    client: Client = logged_in(alice)

    assert client.get("/o/muster-gmbh/dpa/").context["status"].code == "not_started"
    company_details(muster)
    assert client.get("/o/muster-gmbh/dpa/").context["status"].code == "draft"


def test_the_dpa_page_sits_under_dashboard_and_settings_as_the_help_page_says(
    alice: User, version: object
) -> None:
    client: Client = logged_in(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"

    page = client.get("/o/muster-gmbh/dpa/").content.decode()

    start = page.index('class="breadcrumb"')
    path = re.sub(r"<[^>]+>|\s+", " ", page[start : page.index("</nav>", start)])
    assert 'href="/o/muster-gmbh/"' in page[start:]
    assert "Übersicht › Einstellungen › Auftragsverarbeitungsvertrag" in " ".join(
        path.split()
    )
