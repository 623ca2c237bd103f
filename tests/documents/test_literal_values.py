import io
import re

import pikepdf
import pytest

from dpaportal.documents.html import render_html
from dpaportal.documents.pdf import FONT_DIRECTORIES, render_pdf
from tests.documents.fixtures import (
    CUSTOMER,
    SETTINGS,
    SUBPROCESSORS,
    VERSION,
    replace,
    snapshot,
)
from tests.documents.htmltext import element_names, html_text
from tests.documents.pdftext import page_texts, pages_runs

HOSTILE = (
    "<b>bold</b>",
    "#set page(width: 1cm)",
    "*star*",
    "_under_",
    "$x^2$",
    "@label",
    "back\\slash",
    "[bracket]",
    '"quotes"',
    "'single'",
    "Müller & Söhne",
    "שלום",
    "مرحبا",
    "<script>alert(1)</script>",
    '#panic("boom")',
    "// not a comment",
    "= not a heading",
    "`raw`",
    "&amp; already escaped",
)
COMPANY = "Müller & Söhne <b>bold</b> #set page(width: 1cm) *star* $x^2$ @label"


def _snapshot_with(company: str, values: tuple[str, ...], name: str, service: str):
    return snapshot(
        customer=replace(CUSTOMER, legal_name=company, address="\n".join(values)),
        settings=replace(SETTINGS, affected_groups=values),
        subprocessors=(replace(SUBPROCESSORS[0], name=name, service=service),),
    )


@pytest.fixture(scope="module")
def hostile():
    return _snapshot_with(COMPANY, HOSTILE, "[bracket] _under_", "#strong[x]")


@pytest.fixture(scope="module")
def hostile_pdf(hostile):
    return render_pdf(hostile)


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


def test_values_appear_unchanged_in_the_html_text(hostile):
    lines = _lines(html_text(render_html(hostile)))

    assert COMPANY in lines
    for value in HOSTILE:
        assert value in lines
        assert f"• {value}" in lines
    assert "[bracket] _under_" in lines
    assert "#strong[x]" in lines


def test_values_make_no_markup_in_the_html(hostile):
    harmless = tuple(f"value {number}" for number, _ in enumerate(HOSTILE))
    plain = render_html(_snapshot_with("Company", harmless, "Name", "Service"))
    html = render_html(hostile)

    assert element_names(html) == element_names(plain)
    assert "<b>" not in html
    assert "<script>" not in html


def test_values_appear_unchanged_in_the_pdf_text(hostile_pdf):
    lines = _lines("\n".join(page_texts(hostile_pdf)))

    assert COMPANY in lines
    for value in HOSTILE:
        assert value in lines
        assert f"• {value}" in lines
    assert "[bracket] _under_" in lines
    assert any("#strong[x]" in line.split() for line in lines)


def test_values_do_not_change_the_pdf_page_size_or_structure(hostile_pdf):
    with pikepdf.open(io.BytesIO(hostile_pdf)) as document:
        sizes = {tuple(round(float(v), 2) for v in p.mediabox) for p in document.pages}
        outline = [item.title for item in document.open_outline().root]

    assert sizes == {(0.0, 0.0, 595.28, 841.89)}
    assert outline[0] == "Data Processing Agreement"
    assert len(outline) == 1


def test_values_in_clause_markup_stay_literal_in_both_renderings():
    body = 'Call #panic("x") or <i>this</i> with $math$ and *real emphasis*.'
    clause = replace(VERSION.clauses[0], body=body)
    data = snapshot(version=replace(VERSION, clauses=(clause,)))

    html = render_html(data)
    pdf_text = " ".join(" ".join(page_texts(render_pdf(data))).split())

    literal = 'Call #panic("x") or <i>this</i> with $math$ and real emphasis.'
    assert literal in " ".join(html_text(html).split())
    assert literal in pdf_text
    assert "<i>" not in html
    assert "<em>real emphasis</em>" in html


def test_no_glyph_is_missing_for_umlauts_hebrew_and_arabic(hostile_pdf):
    runs = [run for page in pages_runs(hostile_pdf) for run in page]

    assert sum(run.missing_glyphs for run in runs) == 0
    assert any("שלום" in run.text for run in runs)
    assert any("مرحبا" in run.text for run in runs)


@pytest.mark.skipif(
    not any(path.is_dir() for path in FONT_DIRECTORIES),
    reason="Debian's fonts-hosny-amiri is not installed; Arabic falls back "
    "to Typst's DejaVu Sans Mono",
)
def test_arabic_is_set_in_amiri(hostile_pdf):
    fonts = {
        run.font
        for page in pages_runs(hostile_pdf)
        for run in page
        if re.search("[\u0600-\u06ff]", run.text)
    }

    assert fonts and all("Amiri" in name for name in fonts)


def test_characters_no_font_covers_print_as_replacement_characters():
    groups = ("Kunden 😀", "顧客", "ลูกค้า")
    data = snapshot(settings=replace(SETTINGS, affected_groups=groups))

    text = "\n".join(page_texts(render_pdf(data)))

    assert "• Kunden \ufffd" in text
    assert "• \ufffd\ufffd" in text
    assert all(group in html_text(render_html(data)) for group in groups)
