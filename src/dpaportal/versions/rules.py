"""What a DPA version must contain before it may be published (pure code).

GDPR Art. 28(3) lists what the contract must set out; every element is a tag
that at least one clause must carry, in each language, and both languages must
have the same clause structure so that they say the same thing. Each text
must also have every field the document module reads, so that a published
version always renders.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dpaportal.documents.markup import ListBlock, parse, validate

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
    "confidentiality": "(b) confidentiality of persons authorized to process",
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
PROCESSING_TEXTS = (*ANNEX_FIELDS, "special_categories")
"""The texts of Annex II that ``VersionText.from_data`` reads."""


def publication_problems(content: Mapping[str, Any]) -> list[str]:
    """Everything that keeps ``content`` from being published, in plain words."""
    problems: list[str] = []
    for language in LANGUAGES:
        text = content.get(language)
        if not isinstance(text, Mapping) or not text.get("clauses"):
            problems.append(f"The {language.upper()} text has no clauses.")
            continue
        shape = shape_problems(language, text)
        problems.extend(shape or language_problems(language, text))
    if not problems:
        problems.extend(structure_problems(content["en"], content["de"]))
    return problems


def shape_problems(language: str, text: Mapping[str, Any]) -> list[str]:
    """Fields of one language's text that are missing or of the wrong kind."""
    label = language.upper()
    problems = []
    if text.get("language") != language:
        problems.append(
            f"{label}: the text says its language is {text.get('language')!r}, "
            f"but it is stored as {language!r}."
        )
    if not isinstance(text.get("title"), str):
        problems.append(f"{label}: the title is missing or not a text.")
    if not isinstance(text.get("preamble", ""), str):
        problems.append(f"{label}: the preamble is not a text.")
    clauses = text.get("clauses")
    if not isinstance(clauses, list):
        problems.append(f"{label}: the clauses are not a list.")
        clauses = []
    for index, clause in enumerate(clauses, start=1):
        if not _texts(clause, ("number", "title", "body")):
            problems.append(
                f"{label}: clause {index} needs a number, a title and a body as texts."
            )
        elif not _is_list_of(clause.get("tags", []), str):
            problems.append(f"{label}: the tags of clause {index} are not a list.")
    processing = text.get("processing")
    if not isinstance(processing, Mapping) or not _texts(processing, PROCESSING_TEXTS):
        problems.append(
            f"{label}: Annex II needs the texts {', '.join(PROCESSING_TEXTS)}."
        )
    elif not _is_list_of(processing.get("types_of_personal_data"), str):
        problems.append(f"{label}: the Annex II types of personal data are not a list.")
    measures = text.get("measures")
    if not isinstance(measures, list) or not all(
        _texts(group, ("heading",)) and _is_list_of(group.get("items"), str)
        for group in measures
    ):
        problems.append(f"{label}: each Annex III group needs a heading and items.")
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
    """Both languages must have the same clauses, blocks and annex lists.

    A translation that drops a paragraph or a list item says less than the
    other language, so the blocks of every clause are compared too.
    """
    outline_en = [outline(clause) for clause in english["clauses"]]
    outline_de = [outline(clause) for clause in german["clauses"]]
    if len(outline_en) != len(outline_de):
        return [
            f"The languages differ in clause structure: {len(outline_en)} clauses "
            f"in English, {len(outline_de)} in German."
        ]
    problems = [
        f"The languages differ at clause {en[0]}: number or tags do not match "
        f"({en[0]} {sorted(en[1])} against {de[0]} {sorted(de[1])})."
        for en, de in zip(outline_en, outline_de, strict=True)
        if en != de
    ]
    for clause_en, clause_de in zip(english["clauses"], german["clauses"], strict=True):
        blocks_en, blocks_de = blocks(clause_en["body"]), blocks(clause_de["body"])
        if blocks_en != blocks_de:
            problems.append(
                f"The languages differ in the blocks of clause {clause_en['number']}: "
                f"{describe(blocks_en)} in English, {describe(blocks_de)} in German."
            )
    problems.extend(annex_problems(english, german))
    return problems


def annex_problems(english: Mapping[str, Any], german: Mapping[str, Any]) -> list[str]:
    """The lists of Annexes II and III must have as many items in both languages."""
    problems = []
    types_en = len(english["processing"]["types_of_personal_data"])
    types_de = len(german["processing"]["types_of_personal_data"])
    if types_en != types_de:
        problems.append(
            f"The languages differ in Annex II: {types_en} types of personal data "
            f"in English, {types_de} in German."
        )
    groups_en = [len(group["items"]) for group in english["measures"]]
    groups_de = [len(group["items"]) for group in german["measures"]]
    if len(groups_en) != len(groups_de):
        problems.append(
            f"The languages differ in Annex III: {len(groups_en)} groups of measures "
            f"in English, {len(groups_de)} in German."
        )
    else:
        problems.extend(
            f"The languages differ in Annex III group {index}: {en} measures in "
            f"English, {de} in German."
            for index, (en, de) in enumerate(
                zip(groups_en, groups_de, strict=True), start=1
            )
            if en != de
        )
    return problems


def outline(clause: Mapping[str, Any]) -> tuple[str, frozenset[str]]:
    return str(clause.get("number", "")), frozenset(clause.get("tags", ()))


def blocks(body: str) -> list[tuple[str, int]]:
    """A clause body as its kinds of block, a list with its number of items."""
    return [
        (block.style, len(block.items)) if isinstance(block, ListBlock) else ("p", 1)
        for block in parse(body)
    ]


def describe(shape: list[tuple[str, int]]) -> str:
    words = [
        "paragraph" if kind == "p" else f"{kind} list of {count}"
        for kind, count in shape
    ]
    return " + ".join(words) or "nothing"


def _texts(data: Any, keys: tuple[str, ...]) -> bool:
    return isinstance(data, Mapping) and all(isinstance(data.get(k), str) for k in keys)


def _is_list_of(value: Any, kind: type) -> bool:
    return isinstance(value, list) and all(isinstance(item, kind) for item in value)
