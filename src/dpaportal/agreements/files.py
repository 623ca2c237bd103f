"""Storing executed PDFs under names derived from their content."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


def store_pdf(pdf: bytes, sha256: str, folder: str) -> str:
    """Store ``pdf`` as ``folder/<sha256>.pdf``; the same bytes are kept once."""
    name = f"{folder}/{sha256[:2]}/{sha256}.pdf"
    if not default_storage.exists(name):
        stored = default_storage.save(name, ContentFile(pdf))
        if stored != name:
            # Another process stored the same content a moment earlier; the
            # storage appended a suffix to ours, which nothing will reference.
            default_storage.delete(stored)
    return name


def read_pdf(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return bytes(handle.read())
