import re

import pytest

from dpaportal.documents.html import render_html
from dpaportal.documents.snapshot import document_identifier, fingerprint
from tests.documents.fixtures import SETTINGS, VERSION, replace, snapshot
from tests.documents.htmltext import element_names, html_text


def _headings(html: str, level: int) -> list[str]:
    pattern = rf"<h{level}[^>]*>(.*?)</h{level}>"
    return [re.sub(r"<[^>]+>", "", found) for found in re.findall(pattern, html)]


def test_the_fragment_is_one_article_in_the_document_language():
    html = render_html(snapshot())

    assert html.startswith('<article class="dpa-document" lang="en"')
    assert html.endswith("</article>")
    assert element_names(html).count("article") == 1


def test_the_title_is_the_only_h1():
    assert _headings(render_html(snapshot()), 1) == ["Data Processing Agreement"]


def test_clauses_and_annexes_are_h2_in_order():
    assert _headings(render_html(snapshot()), 2) == [
        "1. Subject matter",
        "2. Duties of the processor",
        "3. Deletion",
        "Annex I – List of parties",
        "Annex II – Description of the processing",
        "Annex III – Technical and organisational measures",
        "Annex IV – List of sub-processors",
    ]


def test_parts_of_the_annexes_are_h3():
    headings = _headings(render_html(snapshot()), 3)

    assert headings[:4] == [
        "Controller",
        "Processor",
        "Persons authorized to issue instructions",
        "Persons authorized to sign",
    ]
    assert "Categories of data subjects" in headings
    assert "Encryption" in headings


def test_annex_tables_are_tables_with_column_headers():
    html = render_html(snapshot())

    assert html.count("<table") == 3
    assert '<th scope="col">Transfer mechanism</th>' in html
    assert "<th>" not in html


@pytest.mark.parametrize(
    ("language", "wording"),
    [("en", "Engaged by: CloudHost"), ("de", "Beauftragt von: CloudHost")],
)
def test_a_sub_processor_of_a_sub_processor_names_who_engaged_it(language, wording):
    text = html_text(render_html(snapshot(version=replace(VERSION, language=language))))

    assert wording in text
    assert "Part of" not in text and "Teil von" not in text


def test_emphasis_and_lists_of_the_markup_become_html():
    html = render_html(snapshot())

    assert "how the <em>processor</em> handles" in html
    assert '<ol type="a">' in html
    assert "<li>keep the data confidential</li>" in html


def test_identifier_and_fingerprint_are_shown():
    data = snapshot()
    text = html_text(render_html(data))

    assert document_identifier(data) in text
    assert fingerprint(data) in text


def test_a_draft_shows_a_visible_draft_mark():
    html = render_html(snapshot(draft=True))

    assert '<strong class="dpa-draft-mark">DRAFT</strong>' in html
    assert "This is a draft." in html_text(html)


def test_a_final_document_has_no_draft_mark():
    html = render_html(snapshot())

    assert "DRAFT" not in html
    assert "dpa-draft" not in html


def test_a_manual_document_leaves_lines_to_fill_in_by_hand():
    html = render_html(snapshot(settings=replace(SETTINGS, sign_type="manual")))

    assert html_text(html).count("To be filled in by hand.") == 3
    assert "alice@alice.example</td>" not in html
    assert "Employees" not in html
    assert html.count('<div class="dpa-blank-line"></div>') == 4


def test_a_german_document_uses_german_labels():
    html = render_html(snapshot(version=replace(VERSION, language="de"), draft=True))

    assert 'lang="de"' in html
    assert "Anlage IV – Liste der Unterauftragsverarbeiter" in html
    assert ">ENTWURF<" in html
