import re

import pytest

from dpaportal.documents.html import render_html
from dpaportal.documents.inputs import VersionText
from dpaportal.documents.labels import labels_for
from dpaportal.documents.pdf import render_pdf
from tests.documents.fixtures import DEFAULT_TEXTS, snapshot
from tests.documents.pdftext import page_texts, pages_runs
from tests.documents.words import first_difference, html_words, pdf_words


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_default_text_renders_with_the_same_words_in_html_and_pdf(language):
    path = DEFAULT_TEXTS / f"dpa-1.0.{language}.json"
    if not path.exists():
        pytest.skip(f"the default DPA text {path.name} has not been written yet")
    data = snapshot(version=VersionText.from_file(path, number="1.0"), draft=True)

    pdf = render_pdf(data)
    expected = html_words(render_html(data))
    found = pdf_words(pdf, expected)

    assert found == expected, first_difference(found, expected)
    assert sum(run.missing_glyphs for page in pages_runs(pdf) for run in page) == 0
    pages = page_texts(pdf)
    page_x_of_y = labels_for(language)["page_x_of_y"]
    for number, text in enumerate(pages, start=1):
        footer = page_x_of_y.format(page=number, total=len(pages))
        assert text.splitlines()[-1].endswith(footer)


_REFERENCE = re.compile(
    r"\b(?:Clauses?|Ziffer(?:n)?) (\d+(?:\.\d+)?(?:(?:, | and | und | or | oder )"
    r"\d+(?:\.\d+)?)*)( [a-z]\))?"
)


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_cross_reference_of_the_default_text_names_a_printed_number(language):
    text = VersionText.from_file(
        DEFAULT_TEXTS / f"dpa-1.0.{language}.json", number="1.0"
    )
    numbers = {clause.number for clause in text.clauses} | {
        line.split(" ", 1)[0]
        for clause in text.clauses
        for line in clause.body.splitlines()
        if re.match(r"\d+\.\d+ ", line)
    }
    references = [
        match for clause in text.clauses for match in _REFERENCE.finditer(clause.body)
    ]

    cited = {n for match in references for n in re.findall(r"\d+(?:\.\d+)?", match[1])}
    assert len(cited) > 10
    assert sorted(cited - numbers) == []
    # Lettered points print as "a.", "b."; a reference written "b)" would
    # name a mark the reader does not find.
    assert [match[0] for match in references if match[2]] == []
