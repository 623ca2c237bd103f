"""Compare the words of the PDF with the words of the HTML.

The rules, each for a difference that is layout, not wording:

- whitespace of any kind separates words and is otherwise ignored;
- the PDF's artifacts are dropped: the footer and the draft mark that Typst
  repeats on every page as page furniture; on the HTML side, the element
  with the draft mark is dropped (the draft note stays in both);
- the HTML gains the list markers a browser draws (``•``, ``1.``, ``a.``),
  which the PDF prints as text;
- a word broken at a line end of the PDF is joined with the first word of
  the next line when together they make the HTML's word, with or without
  the hyphen that the line break added.
"""

from __future__ import annotations

from tests.documents.htmltext import html_text
from tests.documents.pdftext import page_texts

_HYPHENS = ("-", "\u2010", "\u00ad")


def html_words(fragment: str) -> list[str]:
    """The HTML's words, without the draft mark."""
    return html_text(fragment, draft_mark=False).split()


def pdf_words(pdf: bytes, expected: list[str]) -> list[str]:
    """The PDF's words without artifacts, line-end breaks mended by ``expected``."""
    tokens: list[tuple[str, bool]] = []
    for page in page_texts(pdf, artifacts=False):
        for line in page.split("\n"):
            words = line.split()
            tokens += [(word, i == len(words) - 1) for i, word in enumerate(words)]
    words: list[str] = []
    index = 0
    while index < len(tokens):
        word, at_line_end = tokens[index]
        want = expected[len(words)] if len(words) < len(expected) else None
        if at_line_end and want is not None and index + 1 < len(tokens):
            following = tokens[index + 1][0]
            candidates = {word + following}
            if word.endswith(_HYPHENS):
                candidates.add(word[:-1] + following)
            if want != word and want in candidates:
                words.append(want)
                index += 2
                continue
        words.append(word)
        index += 1
    return words


def first_difference(left: list[str], right: list[str]) -> str:
    """Where two word lists part, with some context, for a failure message."""
    for index, (a, b) in enumerate(zip(left, right, strict=False)):
        if a != b:
            return (
                f"word {index}: {a!r} != {b!r}\n"
                f"  pdf:  {' '.join(left[max(0, index - 8) : index + 8])}\n"
                f"  html: {' '.join(right[max(0, index - 8) : index + 8])}"
            )
    return f"lengths differ: {len(left)} != {len(right)}"
