from __future__ import annotations

import copy
from typing import Any

import pytest

from dpaportal.versions.rules import ART_28_3_ELEMENTS, publication_problems
from dpaportal.versions.services import load_default_text


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
    assert publication_problems(default_text) == []


@pytest.mark.parametrize("tag", sorted(ART_28_3_ELEMENTS))
@pytest.mark.parametrize("language", ["en", "de"])
def test_a_version_lacking_an_element_is_refused_naming_it(
    default_text: dict[str, Any], language: str, tag: str
) -> None:
    problems = publication_problems(without_tag(default_text, language, tag))

    assert any(f"({tag})" in problem for problem in problems), problems
    assert all(problem.startswith(language.upper()) for problem in problems)


def test_a_version_lacking_a_language_is_refused(default_text: dict[str, Any]) -> None:
    english_only = {"en": default_text["en"]}

    assert publication_problems(english_only) == ["The DE text has no clauses."]


def test_languages_with_a_different_clause_structure_are_refused(
    default_text: dict[str, Any],
) -> None:
    changed = copy.deepcopy(default_text)
    changed["de"]["clauses"].append(
        dict(changed["de"]["clauses"][-1], number="19", tags=["liability"])
    )

    problems = publication_problems(changed)

    assert problems == [
        "The languages differ in clause structure: 18 clauses in English, 19 in German."
    ]


def test_languages_with_differently_numbered_clauses_are_refused(
    default_text: dict[str, Any],
) -> None:
    changed = copy.deepcopy(default_text)
    changed["de"]["clauses"][2]["number"] = "3a"

    problems = publication_problems(changed)

    assert len(problems) == 1
    assert "clause 3" in problems[0]


def test_bad_markup_and_empty_titles_are_refused(default_text: dict[str, Any]) -> None:
    changed = copy.deepcopy(default_text)
    changed["en"]["clauses"][0]["title"] = " "
    changed["en"]["clauses"][1]["body"] = "1. first\n3. third"

    problems = publication_problems(changed)

    assert "EN clause 1: the title is empty." in problems
    assert any(problem.startswith("EN clause 2:") for problem in problems)
