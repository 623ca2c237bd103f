"""Real files for the upload tests, each built here: PDFs, JPEGs, PNGs and worse."""

from __future__ import annotations

import io
import struct
import sys
import zlib
from collections.abc import Callable

import pikepdf
from PIL import Image

from dpaportal.uploads import UploadedFile

Colour = tuple[int, int, int]


def pdf_file(content: bytes, name: str = "signed.pdf") -> UploadedFile:
    return UploadedFile(name=name, content=content)


def saved(pdf: pikepdf.Pdf, **options: object) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, **options)
    return buffer.getvalue()


def pdf_with_pages(
    count: int,
    change: Callable[[pikepdf.Pdf], None] | None = None,
    **options: object,
) -> bytes:
    """A PDF of ``count`` A4 pages with a line of text each, changed by ``change``."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
        )
    )
    for number in range(1, count + 1):
        text = f"BT /F1 18 Tf 72 760 Td (Page {number}) Tj ET".encode()
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 595, 842],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream(text),
        )
        pdf.pages.append(pikepdf.Page(page))
    if change is not None:
        change(pdf)
    options.setdefault("object_stream_mode", pikepdf.ObjectStreamMode.disable)
    return saved(pdf, **options)


def open_with_javascript(pdf: pikepdf.Pdf) -> None:
    """A ``change`` for ``pdf_with_pages``: a script runs when the PDF opens."""
    pdf.Root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('hello')")
    )


def encrypted_pdf(pages: int = 1) -> bytes:
    """A PDF locked with a user password (AES-256, pikepdf's default)."""
    encryption = pikepdf.Encryption(owner="owner secret", user="user secret")
    return pdf_with_pages(pages, encryption=encryption)


def image_bytes(image: Image.Image, form: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, form, **options)
    return buffer.getvalue()


def jpeg(
    size: tuple[int, int], colour: Colour = (200, 30, 30), **options: object
) -> bytes:
    return image_bytes(Image.new("RGB", size, colour), "JPEG", quality=90, **options)


def png(size: tuple[int, int], colour: Colour = (30, 30, 200)) -> bytes:
    return image_bytes(Image.new("RGB", size, colour), "PNG")


def png_declaring(width: int, height: int) -> bytes:
    """A PNG of a few hundred bytes whose header claims ``width`` x ``height``."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    # One row of pixels only: nothing may try to decode the rest.
    row = b"\x00" + b"\xff" * (3 * min(width, 1000))
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(row))
        + png_chunk(b"IEND", b"")
    )


def png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def image_files(*contents: bytes) -> list[UploadedFile]:
    return [
        UploadedFile(name=f"page-{number}.img", content=content)
        for number, content in enumerate(contents, start=1)
    ]


def running_program(size: int = 300 * 1024) -> bytes:
    """The first bytes of the Python interpreter running the tests: a real program."""
    with open(sys.executable, "rb") as handle:
        return handle.read(size)


WINDOWS_STUB = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + bytes(44)
    + b"This program cannot be run in DOS mode.\r\r\n$"
)
"""The start of every Windows program: the MZ header and its DOS stub."""

HTML_WITH_SCRIPT = b"<html><script>fetch('/steal?c=' + document.cookie)</script>\n"


def polyglot(prefix: bytes) -> bytes:
    """A valid PDF behind ``prefix``: readers that look for %PDF- in the first
    kilobyte open it, and so would a reviewer's viewer."""
    return prefix + pdf_with_pages(1)
