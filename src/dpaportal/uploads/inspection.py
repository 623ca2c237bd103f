"""Inspect the upload of a signed DPA scan: one PDF, or images joined into one."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Literal

from dpaportal.uploads.errors import UploadRefused
from dpaportal.uploads.files import (
    PDF,
    InspectedUpload,
    Original,
    UploadedFile,
    display_name,
    media_type_of,
)
from dpaportal.uploads.images import join_images
from dpaportal.uploads.limits import MAX_FILES, MAX_TOTAL_BYTES
from dpaportal.uploads.pdfs import check_pdf


def inspect_upload(files: Sequence[UploadedFile]) -> InspectedUpload:
    """Accept one PDF or up to 20 images as a PDF to review, or refuse them."""
    if not files:
        raise UploadRefused("no_files")
    if len(files) > MAX_FILES:
        raise UploadRefused("too_many_files")
    # Before any parsing: size is the one limit that costs nothing to check.
    if sum(len(file.content) for file in files) > MAX_TOTAL_BYTES:
        raise UploadRefused("too_large")
    for file in files:
        if not file.content:
            raise UploadRefused("empty", file.name)

    media_types = [_media_type(file) for file in files]
    if PDF in media_types and len(files) > 1:
        if all(media_type == PDF for media_type in media_types):
            raise UploadRefused("too_many_files")
        raise UploadRefused("mixed_types")

    kind: Literal["pdf", "images"]
    if media_types == [PDF]:
        kind, pdf, page_count = "pdf", files[0].content, check_pdf(files[0].content)
    else:
        # One page per image: MAX_FILES, checked above, keeps within MAX_PAGES.
        kind, pdf, page_count = "images", join_images(files), len(files)

    return InspectedUpload(
        kind=kind,
        pdf=pdf,
        page_count=page_count,
        originals=tuple(
            Original(
                name=display_name(file.name),
                sha256=_sha256(file.content),
                media_type=media_type,
                size=len(file.content),
            )
            for file, media_type in zip(files, media_types, strict=True)
        ),
        sha256=_sha256(pdf),
    )


def _media_type(file: UploadedFile) -> str:
    media_type = media_type_of(file.content)
    if media_type is None:
        raise UploadRefused("unsupported_type", file.name)
    return media_type


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
