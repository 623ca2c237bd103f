import pytest

from dpaportal.documents.html import render_html
from dpaportal.documents.pdf import render_pdf
from tests.documents.fixtures import SETTINGS, VERSION, replace, snapshot
from tests.documents.words import first_difference, html_words, pdf_words

GERMAN = replace(VERSION, language="de")
LONG_CLAUSE = replace(
    VERSION.clauses[0],
    body=" ".join(
        [
            "Der Auftragsverarbeiter verarbeitet personenbezogene Daten"
            " ausschließlich auf dokumentierte Weisung des Verantwortlichen,"
            " auch in Bezug auf Übermittlungen in Drittländer."
        ]
        * 6
    ),
)

DOCUMENTS = {
    "final": {},
    "draft": {"draft": True},
    "manual": {"settings": replace(SETTINGS, sign_type="manual")},
    "german draft with long lines": {
        "version": replace(GERMAN, clauses=(LONG_CLAUSE, *GERMAN.clauses[1:])),
        "draft": True,
    },
    "no sub-processors and nobody named": {
        "subprocessors": (),
        "settings": replace(SETTINGS, instruction_givers=(), signers=()),
    },
}


@pytest.mark.parametrize("changes", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_the_pdf_and_the_html_show_the_same_words(changes):
    data = snapshot(**changes)
    expected = html_words(render_html(data))

    found = pdf_words(render_pdf(data), expected)

    assert found == expected, first_difference(found, expected)
