"""Frozen inputs of one DPA document, free of any storage or web framework."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from dpaportal.documents.errors import DocumentError

SignType = Literal["digital", "manual"]


@dataclass(frozen=True)
class Clause:
    """One clause of a DPA version in one language."""

    number: str
    title: str
    body: str
    """Markup, see ``dpaportal.documents.markup``."""
    tags: tuple[str, ...] = ()
    """Which Art. 28(3) elements the clause covers, e.g. ``subject_matter``."""


@dataclass(frozen=True)
class Processing:
    """Annex II as the vendor wrote it; the data subjects come from settings."""

    subject_matter: str
    nature: str
    purpose: str
    duration: str
    types_of_personal_data: tuple[str, ...]
    special_categories: str
    retention: str


@dataclass(frozen=True)
class MeasureGroup:
    """A heading of Annex III with its measures."""

    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class VersionText:
    """A DPA version's text in one language."""

    number: str
    """The version number, e.g. ``1.0``."""
    language: str
    """``en`` or ``de``."""
    title: str
    preamble: str
    clauses: tuple[Clause, ...]
    processing: Processing
    measures: tuple[MeasureGroup, ...]

    @classmethod
    def from_data(cls, data: Mapping[str, Any], *, number: str) -> VersionText:
        """Read the JSON format of ``versions/default/dpa-*.json``."""
        try:
            processing = data["processing"]
            return cls(
                number=number,
                language=data["language"],
                title=data["title"],
                preamble=data.get("preamble", ""),
                clauses=tuple(
                    Clause(
                        number=str(clause["number"]),
                        title=clause["title"],
                        body=clause["body"],
                        tags=tuple(clause.get("tags", ())),
                    )
                    for clause in data["clauses"]
                ),
                processing=Processing(
                    subject_matter=processing["subject_matter"],
                    nature=processing["nature"],
                    purpose=processing["purpose"],
                    duration=processing["duration"],
                    types_of_personal_data=tuple(processing["types_of_personal_data"]),
                    special_categories=processing["special_categories"],
                    retention=processing["retention"],
                ),
                measures=tuple(
                    MeasureGroup(group["heading"], tuple(group["items"]))
                    for group in data["measures"]
                ),
            )
        except (KeyError, TypeError) as error:
            raise DocumentError(f"The DPA text lacks a field: {error}.") from error

    @classmethod
    def from_file(cls, path: Path, *, number: str) -> VersionText:
        """Read a version text from a JSON file."""
        return cls.from_data(json.loads(path.read_text("utf-8")), number=number)


@dataclass(frozen=True)
class Party:
    """Company details of the processor or of the customer (the controller)."""

    legal_name: str
    address: str
    country: str
    registration_number: str
    representative: str
    contact_email: str
    data_protection_officer: str = ""
    vat_id: str = ""


@dataclass(frozen=True)
class Person:
    """A person named in Annex I; ``role`` is empty for signers."""

    name: str
    email: str
    role: str = ""


@dataclass(frozen=True)
class DpaSettings:
    """What a customer organisation chose for its DPA."""

    sign_type: SignType
    """``manual`` leaves the three parts below blank, to be filled in by hand."""
    affected_groups: tuple[str, ...] = ()
    """Categories of data subjects, in the order the customer gave them."""
    instruction_givers: tuple[Person, ...] = ()
    """Persons authorized to issue instructions, administrators included."""
    signers: tuple[Person, ...] = ()


@dataclass(frozen=True)
class SubProcessor:
    """A sub-processor as it stands in the registry when the document is made."""

    name: str
    legal_entity: str
    address: str
    contact: str
    service: str
    data_categories: str
    locations: tuple[str, ...] = ()
    """Countries where it processes the data."""
    transfer_mechanism: str = ""
    parent: str = ""
    """The name of the sub-processor it works for, or empty."""
