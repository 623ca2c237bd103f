"""Small inputs for the document tests: a short DPA version and its parties."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from dpaportal.documents.inputs import (
    Clause,
    DpaSettings,
    MeasureGroup,
    Party,
    Person,
    Processing,
    SubProcessor,
    VersionText,
)
from dpaportal.documents.snapshot import (
    Snapshot,
    build_snapshot,
    document_identifier,
    fingerprint,
)

DEFAULT_TEXTS = Path(__file__).resolve().parents[2] / "src/dpaportal/versions/default"

VERSION = VersionText(
    number="1.0",
    language="en",
    title="Data Processing Agreement",
    preamble="This agreement sets out how the *processor* handles personal data.",
    clauses=(
        Clause(
            number="1",
            title="Subject matter",
            body="The processor provides the service.\n\n"
            "It processes personal data:\n- on documented instructions\n"
            "- for the duration of the contract",
            tags=("subject_matter", "duration"),
        ),
        Clause(
            number="2",
            title="Duties of the processor",
            body="The processor shall:\na) keep the data confidential\n"
            "b) take the measures of Art. 32\n\n1. first step\n2. second step",
            tags=("confidentiality", "security"),
        ),
        Clause(
            number="3",
            title="Deletion",
            body="At the end the processor deletes or returns all personal data.",
            tags=("deletion",),
        ),
    ),
    processing=Processing(
        subject_matter="Hosting of the customer's project data.",
        nature="Storage, retrieval and deletion.",
        purpose="Providing the service.",
        duration="For the term of the main contract.",
        types_of_personal_data=("Names", "E-mail addresses"),
        special_categories="None.",
        retention="Deleted within 30 days after the end of the contract.",
    ),
    measures=(
        MeasureGroup("Encryption", ("Data is encrypted in transit.",)),
        MeasureGroup("Availability", ("Daily backups.", "Restore tests.")),
    ),
)

PROCESSOR = Party(
    legal_name="Vendor GmbH",
    address="Hauptstraße 1\n10115 Berlin",
    country="Germany",
    registration_number="HRB 12345",
    representative="Vera Vendor",
    contact_email="privacy@vendor.example",
    data_protection_officer="Dora Datenschutz",
)

CUSTOMER = Party(
    legal_name="Alice Industries Ltd",
    address="1 Main Street\nDublin",
    country="Ireland",
    registration_number="IE 98765",
    representative="Alice Admin",
    contact_email="alice@alice.example",
    vat_id="IE1234567X",
)

SETTINGS = DpaSettings(
    sign_type="digital",
    affected_groups=("Employees", "Customers"),
    instruction_givers=(
        Person("Alice Admin", "alice@alice.example", "Administrator"),
        Person("Bob Boss", "bob@alice.example", "Manager"),
    ),
    signers=(Person("Charlie Signer", "charlie@alice.example"),),
)

SUBPROCESSORS = (
    SubProcessor(
        name="CloudHost",
        legal_entity="CloudHost Europe B.V.",
        address="Keizersgracht 1\nAmsterdam",
        contact="dpo@cloudhost.example",
        service="Hosting",
        data_categories="All customer data",
        locations=("Netherlands", "Germany"),
        transfer_mechanism="None needed (EEA)",
    ),
    SubProcessor(
        name="MailRelay",
        legal_entity="MailRelay Inc.",
        address="1 Market St\nSan Francisco",
        contact="privacy@mailrelay.example",
        service="E-mail delivery",
        data_categories="Names, e-mail addresses",
        locations=("United States",),
        transfer_mechanism="Standard contractual clauses (module 3)",
        parent="CloudHost",
    ),
)


def inputs(**changes: Any) -> dict[str, Any]:
    """The keyword arguments of ``build_snapshot``, with some replaced."""
    return {
        "version": VERSION,
        "processor": PROCESSOR,
        "customer": CUSTOMER,
        "settings": SETTINGS,
        "subprocessors": SUBPROCESSORS,
        "draft": False,
    } | changes


def snapshot(**changes: Any) -> Snapshot:
    """A snapshot of the small test document, with some inputs replaced."""
    return build_snapshot(**inputs(**changes))


def replace(value: Any, **changes: Any) -> Any:
    """A copy of a frozen input with some fields replaced."""
    return dataclasses.replace(value, **changes)


def evidence(data: Snapshot) -> dict[str, Any]:
    """An evidence record of a digital signature, shaped as the portal stores it."""
    return {
        "signer": {
            "name": "Charlie Signer",
            "typed_name": "Charlie Signer",
            "email": "charlie@alice.example",
            "role": "Signer",
            "organisation": "Alice Industries Ltd",
        },
        "network": {"ip_address": "203.0.113.9", "user_agent": "TestBrowser/1.0"},
        "browser_footprint": {
            "values": {"time_zone": "Europe/Dublin"},
            "sha256": "0" * 64,
        },
        "authentication": {"session_reference": "s" * 32, "login_method": "password"},
        "times_utc": {
            "opened": "2026-01-02T03:00:00Z",
            "end_reached": "2026-01-02T03:03:00Z",
            "signed": "2026-01-02T03:04:05Z",
        },
        "document": {
            "version": data["version"]["number"],
            "language": data["language"],
            "identifier": document_identifier(data),
            "fingerprint_sha256": fingerprint(data),
        },
        "consent": {
            "wording": "I sign on behalf of Alice Industries Ltd.",
            "confirmed": True,
        },
        "instruction_givers_at_signing": data["settings"]["instruction_givers"] or [],
    }


def approval(data: Snapshot, **changes: Any) -> dict[str, Any]:
    """An approval record of a scan of ``data`` signed by hand."""
    return {
        "organisation": "Alice Industries Ltd",
        "issued_identifier": document_identifier(data),
        "issued_fingerprint": fingerprint(data),
        "issued_pages": 7,
        "uploaded_files": [
            {"name": "dpa-signed-page-1-4.pdf", "sha256": "1a" * 32},
            {"name": "dpa-signed-page-5-7.jpg", "sha256": "2b" * 32},
        ],
        "uploaded_pages": 7,
        "reviewer_name": "Rita Reviewer",
        "reviewer_email": "rita@vendor.example",
        "decided_at": "2026-01-02T03:04:05Z",
    } | changes
