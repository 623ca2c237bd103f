"""How fast the final DPA is sealed and its seal validated.

The seal is B-B: a B-T seal adds one round trip to the time-stamp
authority, which says more about the network than about this code.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pypdf

from bench.bench_documents import DEFAULT_TEXT, sample_snapshot
from bench.timing import Figure, median_ms
from dpaportal.documents.inputs import VersionText
from dpaportal.documents.pdf import render_pdf
from dpaportal.sealing.authority import create_demo_authority
from dpaportal.sealing.seal import load_sealer, seal_pdf
from dpaportal.sealing.verify import validate_seal

RUNS = 30


def measure() -> list[Figure]:
    """Medians of sealing the default DPA and of validating its seal."""
    pdf = render_pdf(
        sample_snapshot(VersionText.from_file(DEFAULT_TEXT, number="1.0"), 0)
    )
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    with tempfile.TemporaryDirectory() as directory:
        authority = create_demo_authority(Path(directory), "Vendor GmbH")
        sealer = load_sealer(authority.p12_path, authority.password())

    def seal() -> bytes:
        return seal_pdf(pdf, sealer, tsa_url=None, reason="Seal", location="Berlin").pdf

    sealed = seal()
    report = validate_seal(sealed, [authority.ca_certificate])
    if not report.valid:
        raise RuntimeError(f"The benchmark's seal does not validate: {report.problem}")
    seal_ms = median_ms(seal, runs=RUNS)
    validate_ms = median_ms(
        lambda: validate_seal(sealed, [authority.ca_certificate]), runs=RUNS
    )
    size = f"{pages} pages, {len(pdf) // 1024} KiB"
    return [
        Figure(
            f"seal the default DPA, B-B ({size})",
            seal_ms,
            "ms",
            goal=40,
            runs=RUNS,
            note="RSA 2048 demo seal key, PAdES, incremental update",
        ),
        Figure(
            "validate that seal offline",
            validate_ms,
            "ms",
            goal=60,
            runs=RUNS,
            note="integrity, coverage, chain to the demo CA",
        ),
    ]
