from __future__ import annotations

import copy
from typing import Any

import pytest

from dpaportal.versions.rules import ART_28_3_ELEMENTS, publication_problems
from dpaportal.versions.services import load_default_text


def problems_in(content: dict[str, Any]) -> list[str]:
    """The problems as the command line prints them, in English."""
    return [str(problem) for problem in publication_problems(content)]


@pytest.fixture(scope="module")
def default_text() -> dict[str, Any]:
    return load_default_text()


def without_tag(text: dict[str, Any], language: str, tag: str) -> dict[str, Any]:
    changed = copy.deepcopy(text)
    for clause in changed[language]["clauses"]:
        clause["tags"] = [t for t in clause["tags"] if t != tag]
    return changed


def test_the_default_dpa_covers_every_art_28_3_element_in_both_languages(
    default_text: dict[str, Any],
) -> None:
    assert problems_in(default_text) == []


@pytest.mark.parametrize("tag", sorted(ART_28_3_ELEMENTS))
@pytest.mark.parametrize("language", ["en", "de"])
def test_a_version_lacking_an_element_is_refused_naming_it(
    default_text: dict[str, Any], language: str, tag: str
) -> None:
    problems = problems_in(without_tag(default_text, language, tag))

    assert any(f"({tag})" in problem for problem in problems), problems
    assert all(problem.startswith(language.upper()) for problem in problems)


def test_a_version_lacking_a_language_is_refused(default_text: dict[str, Any]) -> None:
    english_only = {"en": default_text["en"]}

    assert problems_in(english_only) == ["The DE text has no clauses."]


def test_languages_with_a_different_clause_structure_are_refused(
    default_text: dict[str, Any],
) -> None:
    changed = copy.deepcopy(default_text)
    changed["de"]["clauses"].append(
        dict(changed["de"]["clauses"][-1], number="19", tags=["liability"])
    )

    problems = problems_in(changed)

    assert problems == [
        "The languages differ in clause structure: 18 clauses in English, 19 in German."
    ]


def test_languages_with_differently_numbered_clauses_are_refused(
    default_text: dict[str, Any],
) -> None:
    changed = copy.deepcopy(default_text)
    changed["de"]["clauses"][2]["number"] = "3a"

    problems = problems_in(changed)

    assert len(problems) == 1
    assert "clause 3" in problems[0]


def test_bad_markup_and_empty_titles_are_refused(default_text: dict[str, Any]) -> None:
    changed = copy.deepcopy(default_text)
    changed["en"]["clauses"][0]["title"] = " "
    changed["en"]["clauses"][1]["body"] = "1. first\n3. third"

    problems = problems_in(changed)

    assert "EN clause 1: the title is empty." in problems
    assert any(problem.startswith("EN clause 2:") for problem in problems)


def test_a_translation_with_a_paragraph_less_in_a_clause_is_refused(
    default_text: dict[str, Any],
) -> None:
    changed = copy.deepcopy(default_text)
    clause = changed["de"]["clauses"][0]
    clause["body"] = clause["body"].split("\n\n")[0]

    problems = problems_in(changed)

    assert len(problems) == 1
    assert problems[0].startswith("The languages differ in the blocks of clause 1:")


def test_a_translation_with_a_list_item_less_is_refused(
    default_text: dict[str, Any],
) -> None:
    changed = copy.deepcopy(default_text)
    clause = next(c for c in changed["de"]["clauses"] if "\na) " in c["body"])
    lines = clause["body"].split("\n")
    last_item = max(i for i, line in enumerate(lines) if line[:3].endswith(") "))
    clause["body"] = "\n".join(lines[:last_item] + lines[last_item + 1 :])

    problems = problems_in(changed)

    assert len(problems) == 1
    assert f"blocks of clause {clause['number']}:" in problems[0]
    assert "letter list of" in problems[0]


def test_a_translation_with_fewer_types_of_personal_data_is_refused(
    default_text: dict[str, Any],
) -> None:
    changed = copy.deepcopy(default_text)
    changed["de"]["processing"]["types_of_personal_data"].pop()
    count = len(default_text["en"]["processing"]["types_of_personal_data"])

    assert problems_in(changed) == [
        f"The languages differ in Annex II: {count} types of personal data in "
        f"English, {count - 1} in German."
    ]


def test_a_translation_with_a_measure_group_less_is_refused(
    default_text: dict[str, Any],
) -> None:
    changed = copy.deepcopy(default_text)
    changed["de"]["measures"].pop()
    count = len(default_text["en"]["measures"])

    assert problems_in(changed) == [
        f"The languages differ in Annex III: {count} groups of measures in "
        f"English, {count - 1} in German."
    ]


def test_a_translation_with_a_measure_less_in_a_group_is_refused(
    default_text: dict[str, Any],
) -> None:
    changed = copy.deepcopy(default_text)
    changed["de"]["measures"][1]["items"].pop()
    count = len(default_text["en"]["measures"][1]["items"])

    assert problems_in(changed) == [
        f"The languages differ in Annex III group 2: {count} measures in "
        f"English, {count - 1} in German."
    ]


def test_a_text_stored_under_another_language_is_refused(
    default_text: dict[str, Any],
) -> None:
    changed = copy.deepcopy(default_text)
    changed["de"]["language"] = "en"

    assert problems_in(changed) == [
        "DE: the text says its language is 'en', but it is stored as 'de'."
    ]


@pytest.mark.parametrize(
    ("breakage", "problem"),
    [
        (lambda text: text.pop("title"), "EN: the title is missing or not a text."),
        (lambda text: text.pop("language"), "EN: the text says its language is None"),
        (
            lambda text: text["clauses"][3].pop("body"),
            "EN: clause 4 needs a number, a title and a body as texts.",
        ),
        (
            lambda text: text["processing"].pop("special_categories"),
            "EN: Annex II needs the texts",
        ),
        (lambda text: text.pop("measures"), "EN: each Annex III group needs"),
        (
            lambda text: text["measures"][0].pop("items"),
            "EN: each Annex III group needs",
        ),
    ],
    ids=["title", "language", "clause body", "special categories", "measures", "items"],
)
def test_a_text_lacking_a_field_the_document_reads_is_refused_by_name(
    default_text: dict[str, Any], breakage: Any, problem: str
) -> None:
    changed = copy.deepcopy(default_text)
    breakage(changed["en"])

    problems = problems_in(changed)

    assert any(found.startswith(problem) for found in problems), problems
