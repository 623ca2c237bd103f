"""The annex tables stay inside their cells, however long a word or address.

The PDF is read back with pdfium: each word's glyph box is taken from its
characters, and no two words of a page may overlap, nor may any word leave
the text area between the page margins. The sub-processors are the demo's,
whose long e-mail addresses and German headers once printed over their
neighbours.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pytest

from dpaportal.documents.inputs import SubProcessor
from dpaportal.documents.labels import LABELS
from dpaportal.documents.pdf import render_pdf
from tests.documents.fixtures import VERSION, replace, snapshot

DEMO = Path(__file__).resolve().parents[2] / "src/dpaportal/demo/subprocessors.json"
TRANSFERS = {
    "en": {
        "eea": "Within the EU/EEA",
        "adequacy": "Adequacy decision (Art. 45 GDPR)",
        "scc": "Standard contractual clauses (Art. 46 GDPR)",
    },
    "de": {
        "eea": "Innerhalb der EU/des EWR",
        "adequacy": "Angemessenheitsbeschluss (Art. 45 DSGVO)",
        "scc": "Standardvertragsklauseln (Art. 46 DSGVO)",
    },
}
# The template's side margins, in PDF points (2.3 cm), and how far a glyph's
# box may reach past them: an italic overhang, not a word in the border.
MARGIN = 2.3 / 2.54 * 72
A4_WIDTH = 595.28
TOLERANCE = 1.0


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    bottom: float
    right: float
    top: float

    def overlaps(self, other: Word) -> bool:
        return (
            min(self.right, other.right) - max(self.left, other.left) > TOLERANCE
            and min(self.top, other.top) - max(self.bottom, other.bottom) > TOLERANCE
        )


def demo_subprocessors(language: str) -> tuple[SubProcessor, ...]:
    suffix = "_de" if language == "de" else ""
    return tuple(
        SubProcessor(
            name=entry["name"],
            legal_entity=entry["legal_entity"],
            address=entry["address"],
            contact=entry["contact"],
            service=entry[f"service{suffix}"],
            data_categories=entry[f"data_categories{suffix}"],
            locations=tuple(entry["locations"]),
            transfer_mechanism=TRANSFERS[language][entry["transfer_mechanism"]],
            parent=entry.get("parent", ""),
        )
        for entry in json.loads(DEMO.read_text("utf-8"))
    )


def page_words(page: pypdfium2.PdfPage) -> list[Word]:
    """The words of a page with their glyph boxes, split at spaces and lines."""
    text = page.get_textpage()
    words: list[Word] = []
    current: list[tuple[str, tuple[float, float, float, float]]] = []

    def finish() -> None:
        if current:
            boxes = [box for _, box in current]
            words.append(
                Word(
                    "".join(char for char, _ in current),
                    min(box[0] for box in boxes),
                    min(box[1] for box in boxes),
                    max(box[2] for box in boxes),
                    max(box[3] for box in boxes),
                )
            )
            current.clear()

    for index in range(text.count_chars()):
        char = text.get_text_range(index, 1)
        box = text.get_charbox(index)
        if char.isspace() or box[2] - box[0] <= 0:
            finish()
            continue
        # A jump back to the left or to another line starts a new word even
        # where no space was written, as after a hyphenated line end.
        if current and (box[0] < current[-1][1][0] or box[3] < current[-1][1][1]):
            finish()
        current.append((char, box))
    finish()
    return words


def annex_iv_pages(pdf: bytes, language: str) -> list[list[Word]]:
    heading = LABELS[language]["annex_iv"]
    document = pypdfium2.PdfDocument(pdf)
    pages = [page_words(page) for page in document]
    texts = [" ".join(word.text for word in page) for page in pages]
    start = next(index for index, text in enumerate(texts) if heading in text)
    return pages[start:]


@pytest.fixture(scope="module", params=["en", "de"])
def annex(request: pytest.FixtureRequest) -> list[list[Word]]:
    language = request.param
    data = snapshot(
        version=replace(VERSION, language=language),
        subprocessors=demo_subprocessors(language),
    )
    return annex_iv_pages(render_pdf(data), language)


def test_no_two_words_of_the_sub_processor_table_overlap(annex):
    overlapping = [
        (first.text, second.text)
        for page in annex
        for index, first in enumerate(page)
        for second in page[index + 1 :]
        if first.overlaps(second)
    ]

    assert overlapping == []


def test_every_word_of_the_sub_processor_table_stays_between_the_margins(annex):
    outside = [
        word.text
        for page in annex
        for word in page
        if word.left < MARGIN - TOLERANCE or word.right > A4_WIDTH - MARGIN + TOLERANCE
    ]

    assert outside == []


def test_the_words_checked_include_every_e_mail_address_of_the_table(annex):
    # Guards the other two tests against passing on pages without the table.
    text = "".join(word.text for page in annex for word in page)
    addresses = {item.contact for item in demo_subprocessors("en")}

    assert [address for address in addresses if address not in text] == []
