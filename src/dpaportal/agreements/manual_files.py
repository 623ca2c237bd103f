"""The files of manual signing: stored before the record, removed if it fails.

A file store takes part in no transaction, so the files of an upload or an
executed DPA are stored first and removed again when the transaction that
would record them fails: a failure leaves nothing behind.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.core.files.storage import default_storage
from django.db import DatabaseError
from django.db.models import Q

from dpaportal.agreements.files import store_file
from dpaportal.agreements.models import IssuedDocument, ManualUpload, SignedAgreement
from dpaportal.uploads import InspectedUpload, UploadedFile

logger = logging.getLogger(__name__)


def store_originals(
    inspected: InspectedUpload, files: Sequence[UploadedFile], stored: list[str]
) -> list[dict[str, object]]:
    """Store each original as received, naming it in ``stored``; their records."""
    records = []
    for original, received in zip(inspected.originals, files, strict=True):
        name = store_file(received.content, original.sha256, "originals")
        stored.append(name)
        records.append(
            {
                "name": original.name,
                "media_type": original.media_type,
                "size": original.size,
                "sha256": original.sha256,
                "stored_as": name,
            }
        )
    return records


@contextmanager
def kept_only_if_recorded() -> Iterator[list[str]]:
    """Collect the names of stored files; remove them if the block fails."""
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        remove_unreferenced(stored)
        raise


def remove_unreferenced(names: Iterable[str]) -> None:
    """Delete the stored files that no record points to.

    Names derive from the content's SHA-256, so a scan uploaded again after a
    rejection shares the files of the earlier upload: those stay.
    """
    for name in set(names):
        try:
            if not is_referenced(name):
                default_storage.delete(name)
        except (DatabaseError, OSError):
            # Unsure whether a record needs it, the file is kept.
            logger.exception("agreement.file_cleanup_failed", extra={"name": name})


def is_referenced(name: str) -> bool:
    return (
        ManualUpload.objects.filter(
            Q(review_pdf_name=name) | Q(originals__icontains=name)
        ).exists()
        or IssuedDocument.objects.filter(pdf_name=name).exists()
        or SignedAgreement.objects.filter(pdf_name=name).exists()
    )
