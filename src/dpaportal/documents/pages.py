"""Count and draw the pages of any PDF: issued documents and uploaded scans.

PDFium draws the pages the reviewers compare side by side. It keeps global
state and is not safe to call from two threads at once, so every call into
it, closing included, happens under one lock of the process.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2  # type: ignore[import-untyped]
from PIL import Image

from dpaportal.documents.errors import DocumentError

MAX_WIDTH_PX = 4000
"""The widest picture of a page drawn; wider asks are mistakes or abuse."""

MAX_HEIGHT_PX = 16000
"""A page far taller than wide must not make a picture of gigabytes."""

_pdfium_lock = threading.Lock()


def page_count(pdf: bytes) -> int:
    """How many pages ``pdf`` has; a damaged or locked PDF is refused."""
    with _pdfium_lock, _opened(pdf) as document:
        return len(document)


def page_png(pdf: bytes, index: int, *, width_px: int = 800) -> bytes:
    """Page ``index`` (from 0) of ``pdf`` as a PNG ``width_px`` pixels wide."""
    if not 1 <= width_px <= MAX_WIDTH_PX:
        raise DocumentError(
            f"A page can be drawn 1 to {MAX_WIDTH_PX} pixels wide, not {width_px}."
        )
    with _pdfium_lock, _opened(pdf) as document:
        if not 0 <= index < len(document):
            raise DocumentError(
                f"The PDF has {len(document)} pages; there is no page {index + 1}."
            )
        image = _draw(document, index, width_px)

    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@contextmanager
def _opened(pdf: bytes) -> Iterator[pypdfium2.PdfDocument]:
    try:
        document = pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as error:
        if error.err_code == pypdfium2.raw.FPDF_ERR_PASSWORD:
            raise DocumentError("The PDF is protected by a password.") from None
        raise DocumentError("The file is damaged or not a PDF.") from None
    try:
        yield document
    finally:
        document.close()


def _draw(document: pypdfium2.PdfDocument, index: int, width_px: int) -> Image.Image:
    """Render one page; the caller holds the lock."""
    try:
        page = document[index]
    except pypdfium2.PdfiumError:
        raise DocumentError(f"Page {index + 1} of the PDF is damaged.") from None
    try:
        # PDFium reports the size as shown, after the page's own rotation.
        width, height = page.get_size()
        if width <= 0 or height <= 0:
            raise DocumentError(f"Page {index + 1} of the PDF has no size.")
        # PDFium rounds the bitmap's size up, so aim a hair below the width.
        scale = (width_px - 0.001) / width
        if height * scale > MAX_HEIGHT_PX:
            raise DocumentError(f"Page {index + 1} of the PDF is too tall to draw.")
        bitmap = page.render(scale=scale, may_draw_forms=False, draw_annots=True)
        try:
            # The picture shares the bitmap's memory until it is copied.
            return bitmap.to_pil().copy()
        finally:
            bitmap.close()
    finally:
        page.close()
