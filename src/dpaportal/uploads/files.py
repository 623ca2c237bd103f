"""What a customer uploads, what the inspection hands back, and how types are told."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Literal

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"

PDF_MAGIC = b"%PDF-"
"""Readers accept this header anywhere in the first kilobyte, so a program or a
web page may carry a PDF behind its own header; a scanner's PDF starts with it."""
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class UploadedFile:
    """One file as received: the name the browser sent, and the bytes."""

    name: str
    content: bytes = field(repr=False)
    """Left out of the repr, so that a log line never holds 20 MB of scan."""


@dataclass(frozen=True)
class Original:
    """What is kept of an uploaded file to prove what was received."""

    name: str
    """The uploaded name without folders or control characters; for display."""
    sha256: str
    media_type: str
    """Decided by the content, never by the name or the browser's claim."""
    size: int


@dataclass(frozen=True)
class InspectedUpload:
    """An accepted upload: the PDF to review and a record of each original."""

    kind: Literal["pdf", "images"]
    pdf: bytes = field(repr=False)
    """The uploaded PDF unchanged, or the images joined in the order given."""
    page_count: int
    originals: tuple[Original, ...]
    sha256: str
    """Of ``pdf``, as lowercase hex."""


def media_type_of(content: bytes) -> str | None:
    """The media type the content's first bytes show, or None for other types."""
    if content.startswith(JPEG_MAGIC):
        return JPEG
    if content.startswith(PNG_MAGIC):
        return PNG
    if content.startswith(PDF_MAGIC):
        return PDF
    return None


def display_name(name: str) -> str:
    """The last part of an uploaded name, cleaned of characters unfit to show."""
    # Browsers on Windows have sent full paths; either separator may appear.
    last = name.replace("\\", "/").rsplit("/", 1)[-1]
    printable = "".join(
        char for char in last if not unicodedata.category(char).startswith("C")
    )
    return printable.strip()[:MAX_NAME_LENGTH] or "upload"
