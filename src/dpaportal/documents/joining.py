"""Join two PDFs into one: a signed scan and the approval page after it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import pikepdf

from dpaportal.documents.errors import DocumentError


def append_pdf(first: bytes, second: bytes) -> bytes:
    """The pages of ``first``, then those of ``second``, as one new PDF.

    The result keeps the document information and metadata of ``first``. The
    same two inputs give the same bytes.
    """
    with _opened(first, "first") as joined, _opened(second, "second") as appended:
        for page in appended.pages:
            joined.pages.append(page)
            # The page's structure tree stays behind in ``second``; a stale
            # key would point into the structure tree of ``first``.
            if "/StructParents" in joined.pages[-1].obj:
                del joined.pages[-1].obj["/StructParents"]
        version = max(joined.pdf_version, appended.pdf_version)
        out = io.BytesIO()
        joined.save(out, min_version=version, deterministic_id=True)
    return out.getvalue()


@contextmanager
def _opened(pdf: bytes, which: str) -> Iterator[pikepdf.Pdf]:
    try:
        document = pikepdf.open(io.BytesIO(pdf))
    except pikepdf.PasswordError:
        raise DocumentError(f"The {which} PDF is protected by a password.") from None
    except pikepdf.PdfError:
        raise DocumentError(f"The {which} PDF is damaged or not a PDF.") from None
    with document:
        yield document
