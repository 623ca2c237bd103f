"""What a DPA version must contain before it may be published (pure code).

GDPR Art. 28(3) lists what the contract must set out; every element is a tag
that at least one clause must carry, in each language, and both languages must
have the same clause structure so that they say the same thing. Each text
must also have every field the document module reads, so that a published
version always renders.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dpaportal.documents.markup import ListBlock, parse, validate

LANGUAGES = ("en", "de")


def gettext_noop(message: str) -> str:
    """Marks English words for the translation catalogue, unchanged.

    This module knows nothing of Django or of the reader's language; the staff
    pages look the marked words up when they show a problem.
    """
    return message


ART_28_3_ELEMENTS: dict[str, str] = {
    "subject_matter": gettext_noop("subject matter of the processing"),
    "duration": gettext_noop("duration of the processing"),
    "nature": gettext_noop("nature of the processing"),
    "purpose": gettext_noop("purpose of the processing"),
    "personal_data_types": gettext_noop("type of personal data"),
    "data_subject_categories": gettext_noop("categories of data subjects"),
    "controller_rights": gettext_noop("obligations and rights of the controller"),
    "instructions": gettext_noop("(a) processing only on documented instructions"),
    "confidentiality": gettext_noop(
        "(b) confidentiality of persons authorized to process"
    ),
    "security": gettext_noop("(c) security measures of Art. 32"),
    "subprocessors": gettext_noop(
        "(d) conditions for sub-processors, Art. 28(2) and (4)"
    ),
    "data_subject_rights": gettext_noop("(e) assistance with data subjects' rights"),
    "assistance": gettext_noop("(f) assistance with Arts. 32 to 36"),
    "deletion_return": gettext_noop(
        "(g) deletion or return at the end of the services"
    ),
    "audits": gettext_noop("(h) information and audits"),
    "infringing_instruction": gettext_noop(
        "warning when an instruction infringes the law"
    ),
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

ANNEX_FIELDS: dict[str, str] = {
    "subject_matter": gettext_noop("the subject matter"),
    "nature": gettext_noop("the nature"),
    "purpose": gettext_noop("the purpose"),
    "duration": gettext_noop("the duration"),
    "retention": gettext_noop("the retention"),
}
PROCESSING_TEXTS = (*ANNEX_FIELDS, "special_categories")
"""The texts of Annex II that ``VersionText.from_data`` reads."""


ENGLISH: dict[str, str] = {
    "no_clauses": gettext_noop("The %(language)s text has no clauses."),
    "language_mismatch": gettext_noop(
        "%(language)s: the text says its language is "
        "%(claimed)r, but it is stored as %(stored)r."
    ),
    "title_missing": gettext_noop("%(language)s: the title is missing or not a text."),
    "preamble_not_text": gettext_noop("%(language)s: the preamble is not a text."),
    "clauses_not_list": gettext_noop("%(language)s: the clauses are not a list."),
    "clause_fields": gettext_noop(
        "%(language)s: clause %(index)s needs a number, a title and a body as texts."
    ),
    "tags_not_list": gettext_noop(
        "%(language)s: the tags of clause %(index)s are not a list."
    ),
    "processing_texts": gettext_noop(
        "%(language)s: Annex II needs the texts %(fields)s."
    ),
    "data_types_not_list": gettext_noop(
        "%(language)s: the Annex II types of personal data are not a list."
    ),
    "measure_groups": gettext_noop(
        "%(language)s: each Annex III group needs a heading and items."
    ),
    "element_missing": gettext_noop(
        "%(language)s: no clause covers the %(element)s (%(tag)s)."
    ),
    "unknown_tag": gettext_noop("%(language)s: unknown tag %(tag)r."),
    "title_empty": gettext_noop("%(language)s clause %(number)s: the title is empty."),
    "body_empty": gettext_noop("%(language)s clause %(number)s: the text is empty."),
    "markup": gettext_noop("%(language)s clause %(number)s: %(detail)s"),
    "annex_text_missing": gettext_noop("%(language)s: Annex II lacks %(field)s."),
    "no_data_types": gettext_noop(
        "%(language)s: Annex II lists no types of personal data."
    ),
    "no_measures": gettext_noop("%(language)s: Annex III lists no technical measures."),
    "clause_count_differs": gettext_noop(
        "The languages differ in clause structure: "
        "%(english)s clauses in English, %(german)s in German."
    ),
    "clause_differs": gettext_noop(
        "The languages differ at clause %(number)s: number or tags "
        "do not match (%(english)s against %(german)s)."
    ),
    "blocks_differ": gettext_noop(
        "The languages differ in the blocks of clause %(number)s: "
        "%(english)s in English, %(german)s in German."
    ),
    "data_types_differ": gettext_noop(
        "The languages differ in Annex II: %(english)s types "
        "of personal data in English, %(german)s in German."
    ),
    "measure_groups_differ": gettext_noop(
        "The languages differ in Annex III: %(english)s "
        "groups of measures in English, %(german)s in German."
    ),
    "measures_differ": gettext_noop(
        "The languages differ in Annex III group %(index)s: "
        "%(english)s measures in English, %(german)s in German."
    ),
}
"""Each problem's English wording, filled in with ``%`` as gettext's messages
are; the staff pages show the German of the same entry."""


@dataclass(frozen=True)
class Problem:
    """One reason a version may not be published: a stable code and its values.

    A code rather than a sentence, because this module cannot know the
    language of the page that shows it.
    """

    code: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return ENGLISH[self.code] % {
            key: describe(value) if isinstance(value, tuple) else value
            for key, value in self.values.items()
        }


def publication_problems(content: Mapping[str, Any]) -> list[Problem]:
    """Everything that keeps ``content`` from being published."""
    problems: list[Problem] = []
    for language in LANGUAGES:
        text = content.get(language)
        if not isinstance(text, Mapping) or not text.get("clauses"):
            problems.append(Problem("no_clauses", {"language": language.upper()}))
            continue
        shape = shape_problems(language, text)
        problems.extend(shape or language_problems(language, text))
    if not problems:
        problems.extend(structure_problems(content["en"], content["de"]))
    return problems


def shape_problems(language: str, text: Mapping[str, Any]) -> list[Problem]:
    """Fields of one language's text that are missing or of the wrong kind."""
    label = {"language": language.upper()}
    problems = []
    if text.get("language") != language:
        problems.append(
            Problem(
                "language_mismatch",
                label | {"claimed": text.get("language"), "stored": language},
            )
        )
    if not isinstance(text.get("title"), str):
        problems.append(Problem("title_missing", label))
    if not isinstance(text.get("preamble", ""), str):
        problems.append(Problem("preamble_not_text", label))
    clauses = text.get("clauses")
    if not isinstance(clauses, list):
        problems.append(Problem("clauses_not_list", label))
        clauses = []
    for index, clause in enumerate(clauses, start=1):
        if not _texts(clause, ("number", "title", "body")):
            problems.append(Problem("clause_fields", label | {"index": index}))
        elif not _is_list_of(clause.get("tags", []), str):
            problems.append(Problem("tags_not_list", label | {"index": index}))
    processing = text.get("processing")
    if not isinstance(processing, Mapping) or not _texts(processing, PROCESSING_TEXTS):
        fields = ", ".join(PROCESSING_TEXTS)
        problems.append(Problem("processing_texts", label | {"fields": fields}))
    elif not _is_list_of(processing.get("types_of_personal_data"), str):
        problems.append(Problem("data_types_not_list", label))
    measures = text.get("measures")
    if not isinstance(measures, list) or not all(
        _texts(group, ("heading",)) and _is_list_of(group.get("items"), str)
        for group in measures
    ):
        problems.append(Problem("measure_groups", label))
    return problems


def language_problems(language: str, text: Mapping[str, Any]) -> list[Problem]:
    """Missing Art. 28(3) elements, unknown tags and bad markup in one language."""
    label = {"language": language.upper()}
    problems = []
    tags = {tag for clause in text["clauses"] for tag in clause.get("tags", ())}
    for tag, element in ART_28_3_ELEMENTS.items():
        if tag not in tags:
            problems.append(
                Problem("element_missing", label | {"element": element, "tag": tag})
            )
    for tag in sorted(tags - KNOWN_TAGS):
        problems.append(Problem("unknown_tag", label | {"tag": tag}))
    for clause in text["clauses"]:
        where = label | {"number": clause.get("number", "?")}
        if not str(clause.get("title", "")).strip():
            problems.append(Problem("title_empty", where))
        if not str(clause.get("body", "")).strip():
            problems.append(Problem("body_empty", where))
        problems.extend(
            Problem(
                "markup",
                where | {"detail": problem.message, "markup_code": problem.code},
            )
            for problem in validate(clause.get("body", ""))
        )
    processing = text.get("processing") or {}
    for name, words in ANNEX_FIELDS.items():
        if not str(processing.get(name, "")).strip():
            problems.append(Problem("annex_text_missing", label | {"field": words}))
    if not processing.get("types_of_personal_data"):
        problems.append(Problem("no_data_types", label))
    if not text.get("measures"):
        problems.append(Problem("no_measures", label))
    return problems


def structure_problems(
    english: Mapping[str, Any], german: Mapping[str, Any]
) -> list[Problem]:
    """Both languages must have the same clauses, blocks and annex lists.

    A translation that drops a paragraph or a list item says less than the
    other language, so the blocks of every clause are compared too.
    """
    outline_en = [outline(clause) for clause in english["clauses"]]
    outline_de = [outline(clause) for clause in german["clauses"]]
    if len(outline_en) != len(outline_de):
        return [
            Problem(
                "clause_count_differs",
                {"english": len(outline_en), "german": len(outline_de)},
            )
        ]
    problems = [
        Problem(
            "clause_differs",
            {
                "number": en[0],
                "english": f"{en[0]} {sorted(en[1])}",
                "german": f"{de[0]} {sorted(de[1])}",
            },
        )
        for en, de in zip(outline_en, outline_de, strict=True)
        if en != de
    ]
    for clause_en, clause_de in zip(english["clauses"], german["clauses"], strict=True):
        blocks_en, blocks_de = blocks(clause_en["body"]), blocks(clause_de["body"])
        if blocks_en != blocks_de:
            problems.append(
                Problem(
                    "blocks_differ",
                    {
                        "number": clause_en["number"],
                        "english": blocks_en,
                        "german": blocks_de,
                    },
                )
            )
    problems.extend(annex_problems(english, german))
    return problems


def annex_problems(
    english: Mapping[str, Any], german: Mapping[str, Any]
) -> list[Problem]:
    """The lists of Annexes II and III must have as many items in both languages."""
    problems = []
    types_en = len(english["processing"]["types_of_personal_data"])
    types_de = len(german["processing"]["types_of_personal_data"])
    if types_en != types_de:
        problems.append(
            Problem("data_types_differ", {"english": types_en, "german": types_de})
        )
    groups_en = [len(group["items"]) for group in english["measures"]]
    groups_de = [len(group["items"]) for group in german["measures"]]
    if len(groups_en) != len(groups_de):
        problems.append(
            Problem(
                "measure_groups_differ",
                {"english": len(groups_en), "german": len(groups_de)},
            )
        )
    else:
        problems.extend(
            Problem("measures_differ", {"index": index, "english": en, "german": de})
            for index, (en, de) in enumerate(
                zip(groups_en, groups_de, strict=True), start=1
            )
            if en != de
        )
    return problems


def outline(clause: Mapping[str, Any]) -> tuple[str, frozenset[str]]:
    return str(clause.get("number", "")), frozenset(clause.get("tags", ()))


Shape = tuple[tuple[str, int], ...]
"""A clause body as its kinds of block: ("p", 1) or a list style and its items."""


def blocks(body: str) -> Shape:
    """A clause body as its kinds of block, a list with its number of items."""
    return tuple(
        (block.style, len(block.items)) if isinstance(block, ListBlock) else ("p", 1)
        for block in parse(body)
    )


def describe(shape: Shape) -> str:
    words = [
        "paragraph" if kind == "p" else f"{kind} list of {count}"
        for kind, count in shape
    ]
    return " + ".join(words) or "nothing"


def _texts(data: Any, keys: tuple[str, ...]) -> bool:
    return isinstance(data, Mapping) and all(isinstance(data.get(k), str) for k in keys)


def _is_list_of(value: Any, kind: type) -> bool:
    return isinstance(value, list) and all(isinstance(item, kind) for item in value)
