"""Check an uploaded PDF strictly: intact, unencrypted and free of active content.

qpdf, under pikepdf, repairs broken files silently, which suits a viewer but
not an inspection: a file that only opens after repair is refused. Reviewers
open what passes in their own viewers, so nothing that can run code, start a
program or carry other files may pass.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterable

import pikepdf

from dpaportal.uploads.errors import UploadRefused
from dpaportal.uploads.limits import MAX_PAGES

EOF_WINDOW = 1024
"""%%EOF ends the file (ISO 32000-2, 7.5.5); writers may add a little after it."""

MAX_OBJECTS = 50_000
"""Indirect objects, as the trailer's /Size declares them; scans have hundreds."""

MAX_NODES = 250_000
"""Dictionary entries and array items visited in the search for active content,
at some 5 microseconds each; the portal's own 16-page DPA has 11,000."""

MAX_INFLATED = 512 * 1024 * 1024
"""Flate output checked in all: a 20 MB flate bomb would inflate to 20 GB."""

INFLATE_CHUNK = 1024 * 1024

ACTIVE_KEYS = frozenset(
    {
        "/JS",  # the script of a JavaScript action
        "/JavaScript",  # the document's named scripts, run on opening
        "/EmbeddedFiles",  # the document's attachments
        "/EF",  # a file specification with the file embedded
        "/XFA",  # XML forms, which carry their own scripts
    }
)
ACTIVE_VALUES = {
    "/S": frozenset({"/JavaScript", "/Launch"}),
    "/Subtype": frozenset({"/FileAttachment", "/RichMedia"}),
    "/Type": frozenset({"/EmbeddedFile"}),
}


def check_pdf(content: bytes) -> int:
    """Return the page count of an acceptable PDF, or raise ``UploadRefused``."""
    if b"%%EOF" not in content[-EOF_WINDOW:]:
        # The usual mark of a truncated upload, and qpdf would rebuild the
        # cross-reference table of such a file without a word.
        raise UploadRefused("damaged_pdf")

    try:
        return _check(content)
    except UploadRefused:
        raise
    except pikepdf.PasswordError:
        raise UploadRefused("encrypted_pdf") from None
    except Exception:
        # Crafted input can make a parser fail anywhere; each failure is a
        # refusal, never an error page.
        raise UploadRefused("damaged_pdf") from None


def _check(content: bytes) -> int:
    with pikepdf.open(io.BytesIO(content), attempt_recovery=False) as pdf:
        if pdf.is_encrypted:
            raise UploadRefused("encrypted_pdf")
        # Warnings on opening tell of a cross-reference table that disagrees
        # with the file, such as a /Size that understates the objects in it.
        _refuse_if_warned(pdf)
        if int(pdf.trailer.get("/Size", 0)) > MAX_OBJECTS:
            raise UploadRefused("too_complex")

        pages = len(pdf.pages)
        if pages == 0:
            raise UploadRefused("damaged_pdf")
        if pages > MAX_PAGES:
            raise UploadRefused("too_many_pages")

        streams = _refuse_active_content(pdf)
        _inflate_all(streams)
        _refuse_if_warned(pdf)
        return pages


def _refuse_if_warned(pdf: pikepdf.Pdf) -> None:
    # qpdf warns, rather than fails, about what it had to guess at.
    if pdf.get_warnings():
        raise UploadRefused("damaged_pdf")


def _refuse_active_content(pdf: pikepdf.Pdf) -> list[pikepdf.Stream]:
    """Look into every object, reachable or not, and return the streams."""
    streams: list[pikepdf.Stream] = []
    budget = MAX_NODES
    for top in pdf.objects:
        # Indirect objects are all in pdf.objects; only direct ones nested
        # in them (an /OpenAction written inline, say) need a walk of their own.
        pending: list[pikepdf.Object] = [top]
        while pending:
            item = pending.pop()
            if isinstance(item, pikepdf.Array):
                children: list[object] = list(item)
            elif isinstance(item, pikepdf.Dictionary | pikepdf.Stream):
                _refuse_if_active(item)
                if isinstance(item, pikepdf.Stream):
                    streams.append(item)
                children = list(item.values())
            else:
                continue
            budget -= len(children) + 1
            if budget < 0:
                raise UploadRefused("too_complex")
            pending.extend(_direct_containers(children))
    return streams


def _direct_containers(children: Iterable[object]) -> list[pikepdf.Object]:
    return [
        child
        for child in children
        if isinstance(child, pikepdf.Array | pikepdf.Dictionary)
        and not child.is_indirect
    ]


def _refuse_if_active(item: pikepdf.Object) -> None:
    keys = set(item.keys())
    if keys & ACTIVE_KEYS:
        raise UploadRefused("active_content")
    for key, values in ACTIVE_VALUES.items():
        if key in keys and str(item[key]) in values:
            raise UploadRefused("active_content")


def _inflate_all(streams: list[pikepdf.Stream]) -> None:
    """Inflate every flate stream once, within a bound, to find damaged ones."""
    budget = MAX_INFLATED
    for stream in streams:
        filters = stream.get("/Filter")
        if isinstance(filters, pikepdf.Array):
            filters = filters[0] if len(filters) else None
        # Flate carries nearly all compressed data but images. Image codecs
        # (DCT, JBIG2, JPEG 2000) and rare legacy filters are left to the
        # reviewer's viewer: decoding them here would cost much, protect nobody.
        if str(filters) != "/FlateDecode":
            continue
        budget -= _inflated_size(stream.read_raw_bytes(), budget)
        if budget < 0:
            raise UploadRefused("too_complex")


def _inflated_size(raw: bytes, limit: int) -> int:
    """Bytes that ``raw`` inflates to, counting no further than past ``limit``."""
    inflater = zlib.decompressobj()
    size = 0
    pending = raw
    while pending and size <= limit:
        size += len(inflater.decompress(pending, INFLATE_CHUNK))
        pending = inflater.unconsumed_tail
    return size
