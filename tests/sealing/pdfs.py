"""Small PDFs for the sealing tests, and ways to change them after sealing."""

from __future__ import annotations

import io

import pikepdf
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

TEXT = "Data Processing Agreement"


def small_pdf(text: str = TEXT) -> bytes:
    """A one-page PDF whose text stands uncompressed in its content stream."""
    document = pikepdf.new()
    font = document.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
        )
    )
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 595, 842],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
        Contents=document.make_stream(_content(text)),
    )
    document.pages.append(pikepdf.Page(page))
    buffer = io.BytesIO()
    document.save(
        buffer,
        compress_streams=False,
        object_stream_mode=pikepdf.ObjectStreamMode.disable,
    )
    return buffer.getvalue()


def replace_text_on_first_page(pdf: bytes, text: str) -> bytes:
    """``pdf`` with an incremental update that gives its first page new text."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page = writer.root["/Pages"]["/Kids"][0]
    page["/Contents"] = writer.add_object(
        generic.StreamObject(stream_data=_content(text))
    )
    writer.update_container(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _content(text: str) -> bytes:
    return f"BT /F1 18 Tf 72 760 Td ({text}) Tj ET".encode()
