"""Previews of a version as a specimen document, on screen and as PDF."""

from __future__ import annotations

from dpaportal.accounts.models import User
from dpaportal.processor.models import ProcessorDetails
from dpaportal.versions.models import DpaVersion
from tests.conftest import logged_in


def test_the_html_preview_shows_the_document_inside_the_portal(
    lena: User, draft: DpaVersion, processor_details: ProcessorDetails
) -> None:
    response = logged_in(lena).get(f"/staff/versions/{draft.pk}/preview/de/")

    page = response.content.decode()
    assert response.status_code == 200
    assert '<article class="dpa-document" lang="de"' in page
    for clause in draft.content["de"]["clauses"]:
        assert clause["title"] in page
    assert "Vendor GmbH" in page
    assert 'class="dpa-draft"' in page
    assert 'class="topbar"' in page


def test_the_html_preview_of_a_published_version_carries_no_draft_mark(
    lena: User, published: DpaVersion, processor_details: ProcessorDetails
) -> None:
    page = logged_in(lena).get(f"/staff/versions/{published.pk}/preview/en/")

    assert published.content["en"]["clauses"][0]["title"] in page.content.decode()
    assert 'class="dpa-draft"' not in page.content.decode()


def test_the_pdf_preview_is_a_pdf_shown_inline_with_a_telling_file_name(
    lena: User, draft: DpaVersion, processor_details: ProcessorDetails
) -> None:
    response = logged_in(lena).get(f"/staff/versions/{draft.pk}/preview/de.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="dpa-1.1-de-draft.pdf"'
    assert response.content.startswith(b"%PDF")


def test_previews_without_processor_details_explain_what_is_missing(
    lena: User, draft: DpaVersion
) -> None:
    client = logged_in(lena)

    html = client.get(f"/staff/versions/{draft.pk}/preview/en/")
    pdf = client.get(f"/staff/versions/{draft.pk}/preview/en.pdf")

    for response in (html, pdf):
        assert response.status_code == 400
        assert "company details are missing" in response.content.decode()
