"""Storing documents and uploads under names derived from their content."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


def store_file(content: bytes, sha256: str, folder: str, suffix: str = "") -> str:
    """Store ``content`` as ``folder/<sha256><suffix>``; equal bytes are kept once."""
    name = f"{folder}/{sha256[:2]}/{sha256}{suffix}"
    if not default_storage.exists(name):
        stored = default_storage.save(name, ContentFile(content))
        if stored != name:
            # Another process stored the same content a moment earlier; the
            # storage appended a suffix to ours, which nothing will reference.
            default_storage.delete(stored)
    return name


def store_pdf(pdf: bytes, sha256: str, folder: str) -> str:
    return store_file(pdf, sha256, folder, ".pdf")


def read_pdf(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return bytes(handle.read())


def delete_file(name: str) -> None:
    default_storage.delete(name)
