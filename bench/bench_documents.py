"""How fast the DPA document is made: fingerprint, HTML, PDF, and memory.

Each PDF run renders a snapshot that differs from the last (the customer's
name counts up), as requests for different customers do, so that Typst's
in-process memo cache cannot answer a whole compilation from memory. Both
memory figures read VmRSS from /proc/self/status.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from pathlib import Path

import pypdf

from bench.timing import Figure, median_ms
from dpaportal.documents.html import render_html
from dpaportal.documents.inputs import (
    DpaSettings,
    Party,
    Person,
    SubProcessor,
    VersionText,
)
from dpaportal.documents.pdf import render_pdf
from dpaportal.documents.snapshot import Snapshot, build_snapshot, fingerprint

DEFAULT_TEXT = (
    Path(__file__).resolve().parents[1]
    / "src/dpaportal/versions/default/dpa-1.0.en.json"
)
SUBPROCESSORS = 15
MEMORY_RUNS = 200
WARM_UP_RUNS = 30

PROCESSOR = Party(
    legal_name="Vendor GmbH",
    address="Hauptstraße 1\n10115 Berlin",
    country="Germany",
    registration_number="HRB 12345",
    representative="Vera Vendor",
    contact_email="privacy@vendor.example",
    data_protection_officer="Dora Datenschutz",
)
SETTINGS = DpaSettings(
    sign_type="digital",
    affected_groups=("Employees", "Customers", "Suppliers", "Website visitors"),
    instruction_givers=tuple(
        Person(f"Admin {n}", f"admin{n}@customer.example", "Administrator")
        for n in range(3)
    ),
    signers=(Person("Sam Signer", "sam@customer.example"),),
)


def measure() -> list[Figure]:
    """Medians of the document operations on the default DPA text."""
    version = VersionText.from_file(DEFAULT_TEXT, number="1.0")
    counter = itertools.count()

    def next_snapshot() -> Snapshot:
        return sample_snapshot(version, next(counter))

    sample = next_snapshot()
    # The first PDFs of a process fill Typst's memo cache; growth after that
    # is what would add up in a long-running worker.
    warm_up_mb = _memory_growth_mb(next_snapshot, WARM_UP_RUNS)
    runs = 20
    # Documents are rendered from stored snapshots, so building them is not
    # part of the PDF's time (it is about 3 ms of Python for this text).
    prepared = iter([next_snapshot() for _ in range(runs + 2)])
    pdf_ms = median_ms(lambda: render_pdf(next(prepared)), runs=runs)
    html_ms = median_ms(lambda: render_html(sample), runs=runs)
    fingerprint_ms = median_ms(lambda: fingerprint(sample), runs=100)
    growth_mb = _memory_growth_mb(next_snapshot, MEMORY_RUNS)
    pages = len(pypdf.PdfReader(io.BytesIO(render_pdf(sample))).pages)
    return [
        Figure(
            f"PDF of the default DPA, {SUBPROCESSORS} sub-processors, warm",
            pdf_ms,
            "ms",
            goal=100,
            runs=runs,
        ),
        Figure("HTML of the same", html_ms, "ms", goal=10, runs=runs),
        Figure("fingerprint of the same", fingerprint_ms, "ms", goal=2, runs=100),
        Figure(
            f"memory growth over {MEMORY_RUNS} PDFs in a row, once warm",
            growth_mb,
            "MB",
            goal=30,
            runs=MEMORY_RUNS,
            note="VmRSS after minus before",
        ),
        Figure(
            f"memory taken by the first {WARM_UP_RUNS} PDFs of a process",
            warm_up_mb,
            "MB",
            runs=WARM_UP_RUNS,
            note="Typst's compiler, fonts and memo cache of recent layouts",
        ),
        Figure("pages of that PDF", float(pages), "pages", runs=1),
    ]


def sample_snapshot(version: VersionText, number: int) -> Snapshot:
    customer = Party(
        legal_name=f"Customer {number} Ltd",
        address="1 Main Street\nDublin",
        country="Ireland",
        registration_number="IE 98765",
        representative="Casey Customer",
        contact_email="casey@customer.example",
        vat_id="IE1234567X",
    )
    return build_snapshot(
        version=version,
        processor=PROCESSOR,
        customer=customer,
        settings=SETTINGS,
        subprocessors=_subprocessors(),
        draft=False,
    )


def _subprocessors() -> tuple[SubProcessor, ...]:
    return tuple(
        SubProcessor(
            name=f"Provider {n}",
            legal_entity=f"Provider {n} Europe GmbH",
            address=f"Industriestraße {n}\n6020{n} Frankfurt am Main",
            contact=f"privacy@provider{n}.example",
            service="Hosting, backups and e-mail delivery",
            data_categories="All customer data stored in the service",
            locations=("Germany", "Ireland") if n % 3 else ("United States",),
            transfer_mechanism="Standard contractual clauses (module 3)",
            parent="Provider 0" if n % 4 == 1 else "",
        )
        for n in range(SUBPROCESSORS)
    )


def _memory_growth_mb(next_snapshot: Callable[[], Snapshot], runs: int) -> float:
    before = _rss_mb()
    for _ in range(runs):
        render_pdf(next_snapshot())
    return _rss_mb() - before


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("No VmRSS in /proc/self/status.")
