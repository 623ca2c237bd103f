"""Read back the QR code that the footer of each PDF page draws.

Typst draws an SVG image into the page's own content stream, not into an
XObject, so the code is found there: inside the footer artifact, the QR's
path is made of horizontal runs of dark modules, one row each, drawn along
the middle of the row (``x y+0.5 m x2 y+0.5 l``). The set of dark modules
read from those runs is compared with the symbol segno makes of the expected
text, so the test needs no QR decoder.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pikepdf
import segno

from dpaportal.documents.qr import QR_BORDER, QR_ERROR_CORRECTION, QR_MASK, qr_text

Modules = frozenset[tuple[int, int]]


def expected_modules(identifier: str, digest: str) -> Modules:
    """The dark modules, quiet zone included, of the code for a document."""
    code = segno.make_qr(
        qr_text(identifier, digest),
        error=QR_ERROR_CORRECTION,
        boost_error=False,
        mask=QR_MASK,
    )
    return frozenset(
        (row + QR_BORDER, column + QR_BORDER)
        for row, line in enumerate(code.matrix)
        for column, dark in enumerate(line)
        if dark
    )


def footer_modules(pdf: bytes) -> list[Modules]:
    """The dark modules drawn in the footer of every page, page by page."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return [_page_modules(page) for page in document.pages]


def _page_modules(page: pikepdf.Page) -> Modules:
    marks: list[bool] = []
    modules: set[tuple[int, int]] = set()
    start: tuple[Decimal, Decimal] | None = None
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BDC", "BMC"):
            marks.append(_is_footer(operands))
        elif op == "EMC":
            marks.pop()
        elif not any(marks):
            continue
        elif op == "m":
            start = (Decimal(str(operands[0])), Decimal(str(operands[1])))
        elif op == "l" and start is not None:
            end_x, y = Decimal(str(operands[0])), Decimal(str(operands[1]))
            if y == start[1] and y % 1 == Decimal("0.5"):
                row = int(y)
                modules.update((row, x) for x in range(int(start[0]), int(end_x)))
            start = None
    return frozenset(modules)


def _is_footer(operands: list[object]) -> bool:
    if len(operands) < 2 or str(operands[0]) != "/Artifact":
        return False
    properties = operands[1]
    return (
        isinstance(properties, pikepdf.Dictionary)
        and properties.get("/Subtype") == "/Footer"
    )
