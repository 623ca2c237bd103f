"""Render a DPA snapshot as PDF/A through Typst.

The template never sees a value as source code: the whole document
structure travels as one JSON string in ``sys.inputs`` and the template
reads it with ``json(bytes(...))``, so every value is a Typst string shown
as text. One compiler is made per process; each call passes its own inputs.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import itertools
import json
import logging
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Final

import typst

from dpaportal.documents.errors import DocumentError
from dpaportal.documents.glyphs import learn_from_refusal, printable
from dpaportal.documents.qr import qr_svg
from dpaportal.documents.snapshot import Snapshot
from dpaportal.documents.structure import document_structure

logger = logging.getLogger(__name__)

TEMPLATE = Path(__file__).resolve().parent / "templates" / "dpa.typ"

PDF_STANDARD: Final = "a-2a"
"""PDF/A-2 level A (ISO 19005-2): archivable, tagged and with Unicode text."""

FONT_DIRECTORIES = (Path("/usr/share/fonts/opentype/fonts-hosny-amiri"),)
"""Fonts beside those inside Typst; Debian's fonts-hosny-amiri sets Arabic.

Typst brings Libertinus Serif (Latin, Greek, Cyrillic, Hebrew) and DejaVu
Sans Mono, which still covers Arabic when Amiri is missing; ``glyphs.py``
handles the scripts that none of them covers. System fonts are ignored so
that the output does not depend on what else a machine has installed.
"""

# A Typst compiler must not run two compilations at once; a web server with
# threads shares the one compiler of its process.
_compile_lock = threading.Lock()

# Each refusal names one character a font lacks although its script is
# covered (see glyphs.py); a few retries learn them, more means a bug.
_ATTEMPTS = 4


def render_pdf(snapshot: Snapshot, *, created_at: datetime | None = None) -> bytes:
    """The document as PDF/A bytes; ``created_at`` goes into its metadata."""
    return render_structure_pdf(document_structure(snapshot), created_at=created_at)


def render_structure_pdf(
    structure: Mapping[str, Any], *, created_at: datetime | None = None
) -> bytes:
    """Render an already built document structure as PDF/A bytes.

    The footer of every page carries the QR code of ``identifier`` and
    ``fingerprint``; it is made here, once per document, because only the PDF
    shows it.
    """
    qr = qr_svg(structure["identifier"], structure["fingerprint"])
    payload = json.dumps(
        {**structure, "qr": qr}, ensure_ascii=False, separators=(",", ":")
    )
    for _ in range(_ATTEMPTS):
        try:
            pdf, warnings = _compile(printable(payload), created_at)
        except typst.TypstError as error:
            if not learn_from_refusal(error.message):
                raise
            continue
        finally:
            _release_freed_memory()
        for warning in warnings:
            logger.warning(
                "documents.pdf.typst_warning",
                extra={"identifier": structure["identifier"], "typst": warning.message},
            )
        return pdf
    raise DocumentError("The document holds characters that no font can show.")


def _compile(
    payload: str, created_at: datetime | None
) -> tuple[bytes, list[typst.TypstWarning]]:
    with _compile_lock:
        pdf, warnings = compiler().compile_with_warnings(
            format="pdf",
            sys_inputs={"document": payload},
            pdf_standards=PDF_STANDARD,
            # Typst's PDF metadata holds whole seconds only.
            timestamp=created_at.replace(microsecond=0) if created_at else None,
        )
    if not isinstance(pdf, bytes):
        raise RuntimeError("Typst returned no PDF.")
    return pdf, warnings


@functools.cache
def compiler() -> typst.Compiler:
    """The process's one Typst compiler, with the template and its fonts."""
    font_paths = [str(path) for path in FONT_DIRECTORIES if path.is_dir()]
    return typst.Compiler(
        str(TEMPLATE),
        root=str(TEMPLATE.parent),
        font_paths=font_paths,
        ignore_system_fonts=True,
    )


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    library = ctypes.util.find_library("c")
    if library is None:
        return None
    trim: Callable[[int], int] | None = getattr(
        ctypes.CDLL(library), "malloc_trim", None
    )
    return trim


_compilations = itertools.count(1)
TRIM_EVERY = 8
"""Compilations between two trims: each trim costs about 3 ms."""


def _release_freed_memory() -> None:
    """Hand memory freed by compilations back to the operating system.

    Typst lays out on several threads, so glibc spreads the work over several
    malloc arenas and keeps their freed pages: without this, a long-running
    process grows by a few tens of MB per hundred documents (measured in
    bench/bench_documents.py) for memory it no longer uses.
    """
    if next(_compilations) % TRIM_EVERY:
        return
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
