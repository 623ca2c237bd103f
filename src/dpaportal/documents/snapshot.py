"""The canonical snapshot of one DPA document, its fingerprint and identifier.

A snapshot holds everything the document shows and nothing else, as plain
JSON data (dict, list, str, int, bool, None), so that it can be stored and
rendered again years later with the same words. Markup is stored parsed,
so a later change of the markup parser cannot change an old document.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from typing import Any

from dpaportal.documents.errors import DocumentError
from dpaportal.documents.inputs import (
    DpaSettings,
    Party,
    Person,
    SubProcessor,
    VersionText,
)
from dpaportal.documents.labels import LANGUAGES
from dpaportal.documents.markup import blocks_as_data, parse

Snapshot = dict[str, Any]

SNAPSHOT_FORMAT = 1
"""Raised when the shape of the snapshot changes, so renderers can tell."""

BLANK_LINES = 4
"""How many lines a manual document leaves for each part filled in by hand."""

# Control characters other than the line break mean nothing in a document,
# and a PDF/A cannot show them.
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def build_snapshot(
    *,
    version: VersionText,
    processor: Party,
    customer: Party,
    settings: DpaSettings,
    subprocessors: Sequence[SubProcessor],
    draft: bool,
) -> Snapshot:
    """Freeze the inputs of one document into its canonical snapshot."""
    if version.language not in LANGUAGES:
        raise DocumentError(f"Unknown document language {version.language!r}.")
    if settings.sign_type not in ("digital", "manual"):
        raise DocumentError(f"Unknown sign type {settings.sign_type!r}.")
    if not isinstance(draft, bool):
        raise DocumentError("The draft flag must be true or false.")

    return {
        "format": SNAPSHOT_FORMAT,
        "draft": draft,
        "language": version.language,
        "version": _version(version),
        "parties": {
            "controller": _party(customer),
            "processor": _party(processor),
        },
        "settings": _settings(settings),
        "subprocessors": [_subprocessor(item) for item in subprocessors],
    }


def canonical_bytes(snapshot: Snapshot) -> bytes:
    """The one encoding of a snapshot that its fingerprint is taken over."""
    _refuse_floats(snapshot)
    return json.dumps(
        snapshot,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    ).encode("utf-8")


def fingerprint(snapshot: Snapshot) -> str:
    """SHA-256 of the canonical encoding, as 64 lower-case hex digits."""
    return hashlib.sha256(canonical_bytes(snapshot)).hexdigest()


def document_identifier(snapshot: Snapshot, digest: str | None = None) -> str:
    """A readable identifier such as ``DPA-1.0-EN-3F9A0C12D4``."""
    digest = digest or fingerprint(snapshot)
    number = snapshot["version"]["number"]
    language = snapshot["language"].upper()
    return f"DPA-{number}-{language}-{digest[:10].upper()}"


def _version(version: VersionText) -> dict[str, Any]:
    processing = version.processing
    return {
        "number": _text(version.number),
        "title": _text(version.title),
        "preamble": _markup(version.preamble),
        "clauses": [
            {
                "number": _text(clause.number),
                "title": _text(clause.title),
                "body": _markup(clause.body),
                "tags": [_text(tag) for tag in clause.tags],
            }
            for clause in version.clauses
        ],
        "processing": {
            "subject_matter": _markup(processing.subject_matter),
            "nature": _markup(processing.nature),
            "purpose": _markup(processing.purpose),
            "duration": _markup(processing.duration),
            "types_of_personal_data": _texts(processing.types_of_personal_data),
            "special_categories": _markup(processing.special_categories),
            "retention": _markup(processing.retention),
        },
        "measures": [
            {"heading": _text(group.heading), "items": _texts(group.items)}
            for group in version.measures
        ],
    }


def _party(party: Party) -> dict[str, str]:
    return {
        "legal_name": _text(party.legal_name),
        "address": _text(party.address),
        "country": _text(party.country),
        "registration_number": _text(party.registration_number),
        "vat_id": _text(party.vat_id),
        "representative": _text(party.representative),
        "contact_email": _text(party.contact_email),
        "data_protection_officer": _text(party.data_protection_officer),
    }


def _settings(settings: DpaSettings) -> dict[str, Any]:
    if settings.sign_type == "manual":
        # A manual DPA is printed and completed on paper: the parts below are
        # not part of the document, so they must not be part of its snapshot.
        return {
            "sign_type": "manual",
            "fill_in_by_hand": True,
            "blank_lines": BLANK_LINES,
            "affected_groups": None,
            "instruction_givers": None,
            "signers": None,
        }
    return {
        "sign_type": "digital",
        "fill_in_by_hand": False,
        "blank_lines": 0,
        "affected_groups": _texts(settings.affected_groups),
        "instruction_givers": [_person(p) for p in settings.instruction_givers],
        "signers": [_person(p) for p in settings.signers],
    }


def _person(person: Person) -> dict[str, str]:
    return {
        "name": _text(person.name),
        "email": _text(person.email),
        "role": _text(person.role),
    }


def _subprocessor(item: SubProcessor) -> dict[str, Any]:
    return {
        "name": _text(item.name),
        "legal_entity": _text(item.legal_entity),
        "address": _text(item.address),
        "contact": _text(item.contact),
        "service": _text(item.service),
        "data_categories": _text(item.data_categories),
        "locations": _texts(item.locations),
        "transfer_mechanism": _text(item.transfer_mechanism),
        "parent": _text(item.parent),
    }


def _text(value: str) -> str:
    """A literal value with line breaks normalised, controls and outer blanks cut."""
    if not isinstance(value, str):
        raise DocumentError(f"Expected text, got {type(value).__name__}.")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROLS.sub("", value).strip()


def _texts(values: Sequence[str]) -> list[str]:
    return [_text(value) for value in values]


def _markup(value: str) -> list[dict[str, Any]]:
    return blocks_as_data(parse(_text(value)))


def _refuse_floats(value: object) -> None:
    """Floats have no single canonical spelling; a snapshot holds none."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise DocumentError(f"Snapshot keys must be text, got {key!r}.")
            _refuse_floats(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_floats(item)
    elif value is not None and not isinstance(value, str | int | bool):
        raise DocumentError(f"A snapshot cannot hold {type(value).__name__}.")
