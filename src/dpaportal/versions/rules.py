"""What a DPA version must contain before it may be published (pure code).

GDPR Art. 28(3) lists what the contract must set out; every element is a tag
that at least one clause must carry, in each language, and both languages must
have the same clause structure so that they say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dpaportal.documents.markup import validate

LANGUAGES = ("en", "de")

ART_28_3_ELEMENTS: dict[str, str] = {
    "subject_matter": "subject matter of the processing",
    "duration": "duration of the processing",
    "nature": "nature of the processing",
    "purpose": "purpose of the processing",
    "personal_data_types": "type of personal data",
    "data_subject_categories": "categories of data subjects",
    "controller_rights": "obligations and rights of the controller",
    "instructions": "(a) processing only on documented instructions",
    "confidentiality": "(b) confidentiality of persons authorised to process",
    "security": "(c) security measures of Art. 32",
    "subprocessors": "(d) conditions for sub-processors, Art. 28(2) and (4)",
    "data_subject_rights": "(e) assistance with data subjects' rights",
    "assistance": "(f) assistance with Arts. 32 to 36",
    "deletion_return": "(g) deletion or return at the end of the services",
    "audits": "(h) information and audits",
    "infringing_instruction": "warning when an instruction infringes the law",
}

OTHER_TAGS = (
    "parties",
    "precedence",
    "transfers",
    "breach_notification",
    "liability",
    "form",
    "governing_language",
    "term",
)
KNOWN_TAGS = frozenset(ART_28_3_ELEMENTS) | frozenset(OTHER_TAGS)

ANNEX_FIELDS = ("subject_matter", "nature", "purpose", "duration", "retention")


def publication_problems(content: Mapping[str, Any]) -> list[str]:
    """Everything that keeps ``content`` from being published, in plain words."""
    problems: list[str] = []
    for language in LANGUAGES:
        text = content.get(language)
        if not text or not text.get("clauses"):
            problems.append(f"The {language.upper()} text has no clauses.")
            continue
        problems.extend(language_problems(language, text))
    if not problems:
        problems.extend(structure_problems(content["en"], content["de"]))
    return problems


def language_problems(language: str, text: Mapping[str, Any]) -> list[str]:
    """Missing Art. 28(3) elements, unknown tags and bad markup in one language."""
    label = language.upper()
    problems = []
    tags = {tag for clause in text["clauses"] for tag in clause.get("tags", ())}
    for tag, element in ART_28_3_ELEMENTS.items():
        if tag not in tags:
            problems.append(f"{label}: no clause covers the {element} ({tag}).")
    for tag in sorted(tags - KNOWN_TAGS):
        problems.append(f"{label}: unknown tag {tag!r}.")
    for clause in text["clauses"]:
        where = f"{label} clause {clause.get('number', '?')}"
        if not str(clause.get("title", "")).strip():
            problems.append(f"{where}: the title is empty.")
        if not str(clause.get("body", "")).strip():
            problems.append(f"{where}: the text is empty.")
        problems.extend(
            f"{where}: {problem.message}"
            for problem in validate(clause.get("body", ""))
        )
    processing = text.get("processing") or {}
    for field in ANNEX_FIELDS:
        if not str(processing.get(field, "")).strip():
            problems.append(f"{label}: Annex II lacks the {field.replace('_', ' ')}.")
    if not processing.get("types_of_personal_data"):
        problems.append(f"{label}: Annex II lists no types of personal data.")
    if not text.get("measures"):
        problems.append(f"{label}: Annex III lists no technical measures.")
    return problems


def structure_problems(
    english: Mapping[str, Any], german: Mapping[str, Any]
) -> list[str]:
    """Both languages must have the same clauses, numbers and tags in order."""
    outline_en = [outline(clause) for clause in english["clauses"]]
    outline_de = [outline(clause) for clause in german["clauses"]]
    if outline_en == outline_de:
        return []
    if len(outline_en) != len(outline_de):
        return [
            f"The languages differ in clause structure: {len(outline_en)} clauses "
            f"in English, {len(outline_de)} in German."
        ]
    return [
        f"The languages differ at clause {en[0]}: number or tags do not match "
        f"({en[0]} {sorted(en[1])} against {de[0]} {sorted(de[1])})."
        for en, de in zip(outline_en, outline_de, strict=True)
        if en != de
    ]


def outline(clause: Mapping[str, Any]) -> tuple[str, frozenset[str]]:
    return str(clause.get("number", "")), frozenset(clause.get("tags", ()))
