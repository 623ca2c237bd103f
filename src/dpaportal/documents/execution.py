"""The pages that make a document an executed agreement: who signed, and how.

A digitally signed DPA gets a signature page for both parties and an evidence
page that prints the frozen evidence record; the processor's signature is its
electronic seal on the file itself (PAdES, ETSI EN 319 142-1). A DPA signed
by hand is executed as its scan followed by an approval page, sealed alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from dpaportal.documents.approval import approval_structure
from dpaportal.documents.labels import evidence_value
from dpaportal.documents.pdf import render_structure_pdf
from dpaportal.documents.snapshot import Snapshot
from dpaportal.documents.structure import document_structure

Item = dict[str, Any]

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "signatures": "Signatures",
        "concluded": (
            "This agreement was concluded in electronic form (Art. 28(9) GDPR). "
            "The evidence of the controller's signature follows on the next page."
        ),
        "for_controller": "For the controller",
        "for_processor": "For the processor",
        "company": "Company",
        "signed_by": "Signed by",
        "email": "E-mail",
        "signed_at": "Signed at (UTC)",
        "method": "Method",
        "digital_method": (
            "Electronic signature in the DPA Portal after reading the whole "
            "document and confirming the authority to sign"
        ),
        "seal": "Signature",
        "seal_text": (
            "Electronic seal of the processor on this file (PAdES), applied "
            "when the controller signed"
        ),
        "evidence": "Evidence of the electronic signature",
        "signer": "Signer",
        "profile_name": "Name in the user profile",
        "typed_name": "Name typed when signing",
        "role": "Role",
        "organisation": "Organisation",
        "network": "Connection",
        "ip_address": "IP address",
        "user_agent": "User agent",
        "footprint": "Browser footprint",
        "footprint_hash": "SHA-256 of the footprint",
        "footprint_time_zone": "Time zone",
        "footprint_languages": "Languages",
        "footprint_screen": "Screen",
        "footprint_platform": "Platform",
        "footprint_pixel_ratio": "Pixel ratio",
        "footprint_user_agent": "User agent reported by the page",
        "authentication": "Authentication",
        "session_reference": "Session reference",
        "login_method": "Login method",
        "times": "Times (UTC)",
        "opened": "Document opened",
        "end_reached": "End of the document reached",
        "signed": "Signed",
        "document": "Document",
        "version": "DPA version",
        "language": "Language",
        "identifier": "Document identifier",
        "fingerprint": "Fingerprint (SHA-256)",
        "consent": "Consent shown and confirmed",
        "instruction_givers": "Persons authorized to issue instructions at signing",
        "name": "Name",
        "none": "None",
    },
    "de": {
        "signatures": "Unterschriften",
        "concluded": (
            "Dieser Vertrag wurde in elektronischer Form geschlossen (Art. 28 "
            "Abs. 9 DSGVO). Der Nachweis der Unterschrift des Verantwortlichen "
            "folgt auf der nächsten Seite."
        ),
        "for_controller": "Für den Verantwortlichen",
        "for_processor": "Für den Auftragsverarbeiter",
        "company": "Unternehmen",
        "signed_by": "Unterzeichnet von",
        "email": "E-Mail",
        "signed_at": "Unterzeichnet am (UTC)",
        "method": "Verfahren",
        "digital_method": (
            "Elektronische Unterschrift im DPA Portal nach Lesen des gesamten "
            "Dokuments und Bestätigung der Zeichnungsberechtigung"
        ),
        "seal": "Unterschrift",
        "seal_text": (
            "Elektronisches Siegel des Auftragsverarbeiters auf dieser Datei "
            "(PAdES), angebracht bei der Unterzeichnung durch den Verantwortlichen"
        ),
        "evidence": "Nachweis der elektronischen Unterschrift",
        "signer": "Unterzeichner",
        "profile_name": "Name im Benutzerprofil",
        "typed_name": "Bei der Unterzeichnung eingegebener Name",
        "role": "Rolle",
        "organisation": "Organisation",
        "network": "Verbindung",
        "ip_address": "IP-Adresse",
        "user_agent": "User-Agent",
        "footprint": "Browser-Merkmale",
        "footprint_hash": "SHA-256 der Browser-Merkmale",
        "footprint_time_zone": "Zeitzone",
        "footprint_languages": "Sprachen",
        "footprint_screen": "Bildschirm",
        "footprint_platform": "Plattform",
        "footprint_pixel_ratio": "Pixelverhältnis",
        "footprint_user_agent": "Von der Seite gemeldeter User-Agent",
        "authentication": "Anmeldung",
        "session_reference": "Sitzungsreferenz",
        "login_method": "Anmeldeverfahren",
        "times": "Zeitpunkte (UTC)",
        "opened": "Dokument geöffnet",
        "end_reached": "Ende des Dokuments erreicht",
        "signed": "Unterzeichnet",
        "document": "Dokument",
        "version": "AVV-Version",
        "language": "Sprache",
        "identifier": "Dokumentkennung",
        "fingerprint": "Fingerabdruck (SHA-256)",
        "consent": "Angezeigte und bestätigte Erklärung",
        "instruction_givers": "Weisungsberechtigte Personen bei Unterzeichnung",
        "name": "Name",
        "none": "Keine",
    },
}


def render_signed_pdf(
    snapshot: Snapshot, evidence: Mapping[str, Any], *, created_at: datetime
) -> bytes:
    """The document, a signature page for both parties and the evidence page."""
    structure = document_structure(snapshot)
    words = WORDS[snapshot["language"]]
    structure["sections"] = [
        *structure["sections"],
        signature_section(snapshot, evidence, words),
        evidence_section(evidence, words, snapshot["language"]),
    ]
    return render_structure_pdf(structure, created_at=created_at)


def render_approval_pdf(
    snapshot_language: str, approval: Mapping[str, Any], *, created_at: datetime
) -> bytes:
    """The approval page of a DPA signed by hand, as a one-page PDF/A.

    ``snapshot_language`` is the language of the issued document. The keys
    of ``approval``, all required:

    - ``organisation``: the controller's name;
    - ``issued_identifier`` and ``issued_fingerprint``: the issued
      document's identifier and SHA-256 fingerprint (64 lower-case hex
      digits); the footer and the QR code name that document;
    - ``issued_pages`` and ``uploaded_pages``: page counts, at least 1;
    - ``uploaded_files``: one or more ``{"name", "sha256"}``, the files as
      uploaded, in their order;
    - ``reviewer_name`` and ``reviewer_email``: who approved;
    - ``decided_at``: when, as text in UTC (``2026-01-02T03:04:05Z``).

    A missing or malformed value raises ``DocumentError``. The page holds
    about twenty files; more continue on a second page.
    """
    structure = approval_structure(snapshot_language, approval)
    return render_structure_pdf(structure, created_at=created_at)


def signature_section(
    snapshot: Snapshot, evidence: Mapping[str, Any], words: Mapping[str, str]
) -> Item:
    parties = snapshot["parties"]
    signer = evidence["signer"]
    controller = [
        [words["company"], [parties["controller"]["legal_name"]]],
        [words["signed_by"], [signer["typed_name"]]],
        [words["email"], [signer["email"]]],
        [words["signed_at"], [evidence["times_utc"]["signed"]]],
        [words["method"], [words["digital_method"]]],
    ]
    processor = [
        [words["company"], [parties["processor"]["legal_name"]]],
        [words["seal"], [words["seal_text"]]],
    ]
    return {
        "id": "execution-signatures",
        "heading": words["signatures"],
        "content": [
            _paragraph(words["concluded"]),
            _fields_section(words["for_controller"], controller),
            _fields_section(words["for_processor"], processor),
        ],
    }


def evidence_section(
    evidence: Mapping[str, Any], words: Mapping[str, str], language: str
) -> Item:
    signer = evidence["signer"]
    footprint = evidence["browser_footprint"]
    document = evidence["document"]
    times = evidence["times_utc"]
    auth = evidence["authentication"]
    network = evidence["network"]
    # A key that a later version of the page adds prints as it is.
    footprint_rows = [
        [words.get(f"footprint_{key}", key), [value]]
        for key, value in footprint["values"].items()
    ]
    footprint_rows.append([words["footprint_hash"], [footprint["sha256"]]])
    return {
        "id": "execution-evidence",
        "heading": words["evidence"],
        "content": [
            _fields_section(
                words["signer"],
                [
                    [words["profile_name"], [signer["name"]]],
                    [words["typed_name"], [signer["typed_name"]]],
                    [words["email"], [signer["email"]]],
                    [words["role"], [evidence_value("role", signer["role"], language)]],
                    [words["organisation"], [signer["organisation"]]],
                ],
            ),
            _fields_section(
                words["network"],
                [
                    [words["ip_address"], [network["ip_address"]]],
                    [words["user_agent"], [network["user_agent"] or "–"]],
                ],
            ),
            _fields_section(words["footprint"], footprint_rows),
            _fields_section(
                words["authentication"],
                [
                    [words["session_reference"], [auth["session_reference"]]],
                    [
                        words["login_method"],
                        [evidence_value("login", auth["login_method"], language)],
                    ],
                ],
            ),
            _fields_section(
                words["times"],
                [
                    [words["opened"], [times["opened"]]],
                    [words["end_reached"], [times["end_reached"]]],
                    [words["signed"], [times["signed"]]],
                ],
            ),
            _fields_section(
                words["document"],
                [
                    [words["version"], [document["version"]]],
                    [words["language"], [document["language"]]],
                    [words["identifier"], [document["identifier"]]],
                    [words["fingerprint"], [document["fingerprint_sha256"]]],
                ],
            ),
            {
                "type": "subsection",
                "heading": words["consent"],
                "content": [_paragraph(evidence["consent"]["wording"])],
            },
            {
                "type": "subsection",
                "heading": words["instruction_givers"],
                "content": [_people(evidence["instruction_givers_at_signing"], words)],
            },
        ],
    }


def _fields_section(heading: str, rows: list[list[Any]]) -> Item:
    rows = [[label, [line for line in lines if line]] for label, lines in rows]
    return {
        "type": "subsection",
        "heading": heading,
        "content": [{"type": "fields", "rows": rows}],
    }


def _people(people: list[Mapping[str, str]], words: Mapping[str, str]) -> Item:
    if not people:
        return _paragraph(words["none"])
    return {
        "type": "table",
        "columns": [words["name"], words["email"], words["role"]],
        "widths": [3, 4, 3],
        "rows": [[[p["name"]], [p["email"]], [p["role"]]] for p in people],
    }


def _paragraph(text: str) -> Item:
    return {"type": "paragraph", "spans": [{"text": text, "emphasis": False}]}
