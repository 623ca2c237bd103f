import pytest

from dpaportal.documents.html import render_html
from dpaportal.documents.pdf import render_pdf
from tests.documents.fixtures import SETTINGS, VERSION, replace, snapshot
from tests.documents.htmltext import html_text
from tests.documents.pdftext import page_texts

MANUAL = replace(SETTINGS, sign_type="manual")

SIGNATURES = {
    "en": (
        "Signatures\n"
        "For the controller\nCompany Alice Industries Ltd\n"
        "Place and date\nName in block letters\nPosition\nSignature\n"
        "For the processor\nCompany Vendor GmbH\n"
        "Place and date\nName in block letters\nPosition\nSignature"
    ),
    "de": (
        "Unterschriften\n"
        "Für den Verantwortlichen\nUnternehmen Alice Industries Ltd\n"
        "Ort und Datum\nName in Druckbuchstaben\nFunktion\nUnterschrift\n"
        "Für den Auftragsverarbeiter\nUnternehmen Vendor GmbH\n"
        "Ort und Datum\nName in Druckbuchstaben\nFunktion\nUnterschrift"
    ),
}


def _manual(language: str):
    return snapshot(settings=MANUAL, version=replace(VERSION, language=language))


@pytest.fixture(scope="module", params=["en", "de"])
def manual_pdf(request):
    return request.param, render_pdf(_manual(request.param))


def test_the_last_page_of_a_manual_pdf_has_signature_lines_for_both_parties(
    manual_pdf,
):
    language, pdf = manual_pdf

    last_page = page_texts(pdf, artifacts=False)[-1]

    assert last_page.strip() == SIGNATURES[language]


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_html_of_a_manual_document_ends_with_the_same_signature_lines(language):
    html = render_html(_manual(language))
    heading = SIGNATURES[language].split("\n")[0]

    text = html_text(html)
    signatures = text[text.index(heading) :]

    assert signatures.split() == SIGNATURES[language].split()
    assert html.count('<div class="dpa-signature-line">') == 8


def test_the_signature_lines_and_fill_in_parts_name_no_configured_person(manual_pdf):
    language, pdf = manual_pdf
    text = "\n".join(page_texts(pdf))
    # Before this heading come the parties, whose representatives are named.
    givers = {"en": "Persons authorized to issue", "de": "Weisungsberechtigte"}
    text = text[text.index(givers[language]) :]

    for person in (*SETTINGS.instruction_givers, *SETTINGS.signers):
        assert person.name not in text
        assert person.email not in text
    for group in SETTINGS.affected_groups:
        assert group not in text


def test_the_fill_in_parts_are_headed_tables_and_lines_with_nothing_written(
    manual_pdf,
):
    language, pdf = manual_pdf
    annex_i, annex_ii = page_texts(pdf, artifacts=False)[2:4]
    note = {"en": "To be filled in by hand.", "de": "Von Hand auszufüllen."}[language]

    givers = annex_i[annex_i.index(note) :].split("\n")
    subjects = annex_ii[annex_ii.index(note) :].split("\n")

    assert givers[1:2] == [
        {"en": "Name E-mail Role", "de": "Name E-Mail Funktion"}[language]
    ]
    assert givers[3:5] == [note, {"en": "Name E-mail", "de": "Name E-Mail"}[language]]
    assert len(givers) == 5
    assert subjects[1] in ("Types of personal data", "Arten personenbezogener Daten")


def test_a_digitally_signed_document_has_no_signature_lines():
    html = render_html(snapshot())
    text = "\n".join(page_texts(render_pdf(snapshot())))

    assert "Signatures" not in text
    assert "Place and date" not in text
    assert "dpa-signature-line" not in html
