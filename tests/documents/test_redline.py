import copy
import json
import re
from typing import Any

import pytest

from dpaportal.documents.errors import DocumentError
from dpaportal.documents.redline import (
    compare_versions,
    redline_labels,
    redline_summary,
    render_redline_html,
)
from tests.documents.fixtures import DEFAULT_TEXTS
from tests.documents.htmltext import element_names


@pytest.fixture(params=["en", "de"])
def language(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def old(language: str) -> dict[str, Any]:
    return _default_text(language)


@pytest.fixture
def new(language: str) -> dict[str, Any]:
    return _default_text(language)


def _default_text(language: str) -> dict[str, Any]:
    path = DEFAULT_TEXTS / f"dpa-1.0.{language}.json"
    return json.loads(path.read_text("utf-8"))


def _clause(text: dict[str, Any], number: str) -> dict[str, Any]:
    (clause,) = [c for c in text["clauses"] if c["number"] == number]
    return clause


def _html(old: dict[str, Any], new: dict[str, Any]) -> str:
    labels = redline_labels(new["language"])
    return render_redline_html(compare_versions(old, new), labels)


def _sections(html: str) -> list[str]:
    return re.findall(r"<section .*?</section>", html, re.DOTALL)


def _section(html: str, heading: str) -> str:
    starts = re.compile(rf"<(?:h2|summary)>{re.escape(heading)}")
    (found,) = [s for s in _sections(html) if starts.search(s)]
    return found


def _clause_heading(language: str, number: str) -> str:
    return f"{redline_labels(language)['clause']} {number}:"


def test_a_changed_clause_marks_exactly_the_changed_words(old, new, language):
    clause = _clause(new, "13")
    clause["body"] = clause["body"].replace("48", "24")

    section = _section(_html(old, new), _clause_heading(language, "13"))

    assert "<del>48</del><ins>24</ins>" in section
    assert section.count("<ins>") == section.count("<del>") == 1
    assert "<details>" not in section
    assert redline_labels(language)["changed"] in section


def test_a_rewritten_title_of_the_same_number_is_the_same_clause(old, new, language):
    _clause(new, "17")["title"] = "Haftungsbegrenzung"

    change = compare_versions(old, new).changes[17]

    assert (change.status, change.old_number, change.new_number) == (
        "changed",
        "17",
        "17",
    )
    assert [s.kind for s in change.title] == ["removed", "added"]
    assert all(s.kind == "same" for s in change.body)


def test_an_added_clause_is_marked_wholly_as_inserted(old, new, language):
    new["clauses"].append(
        {"number": "19", "title": "Audit logs", "body": "Logs are *kept*.\n- one"}
    )

    html = _html(old, new)
    section = _section(html, _clause_heading(language, "19"))

    assert "<ins>Audit logs</ins>" in section
    assert "<p><ins>Logs are kept.</ins></p><p><ins>• one</ins></p>" in section
    assert "<del>" not in section
    assert redline_labels(language)["added"] in section
    assert redline_summary(compare_versions(old, new))["added"] == 1


def test_a_removed_clause_is_marked_wholly_as_deleted_where_it_stood(
    old, new, language
):
    removed = _clause(old, "17")
    new["clauses"].remove(_clause(new, "17"))

    redline = compare_versions(old, new)
    section = _section(_html(old, new), _clause_heading(language, "17"))

    numbers = [c.old_number for c in redline.changes if c.part == "clause"]
    assert numbers[15:] == ["16", "17", "18"]
    assert f"<del>{removed['title']}</del>" in section
    assert "<ins>" not in section
    assert redline_summary(redline)["removed"] == 1


def test_a_renumbered_clause_reads_unchanged_under_both_numbers(old, new, language):
    _clause(new, "18")["number"] = "19"

    redline = compare_versions(old, new)

    moved = [c for c in redline.changes if c.new_number == "19"]
    assert [(c.old_number, c.status) for c in moved] == [("18", "unchanged")]
    assert all(segment.kind == "same" for segment in moved[0].body)
    assert redline_summary(redline)["changed"] == 0
    assert _clause_heading(language, "18 → 19") in _html(old, new)


def renumbered_from(clauses: list[dict[str, Any]], start: int) -> None:
    for number, clause in enumerate(clauses[start:], start=start + 1):
        clause["number"] = str(number)


def test_a_clause_inserted_after_clause_5_leaves_the_renumbered_ones_unchanged(
    old, new, language
):
    new["clauses"].insert(
        5, {"number": "6", "title": "Audit logs", "body": "Logs are kept."}
    )
    renumbered_from(new["clauses"], 5)

    redline = compare_versions(old, new)
    clauses = [c for c in redline.changes if c.part == "clause"]

    assert redline_summary(redline) == {
        "unchanged": len(old["clauses"]) + 3,
        "changed": 0,
        "added": 1,
        "removed": 0,
    }
    assert [(c.old_number, c.new_number, c.status) for c in clauses[4:7]] == [
        ("5", "5", "unchanged"),
        ("", "6", "added"),
        ("6", "7", "unchanged"),
    ]
    assert _clause_heading(language, "6 → 7") in _html(old, new)


def test_an_inserted_clause_beside_a_reworded_one_pairs_the_reworded_by_content(
    old, new, language
):
    reworded = copy.deepcopy(_clause(new, "6"))
    reworded["body"] = reworded["body"].replace(".", ";", 1)
    new["clauses"][5] = reworded
    new["clauses"].insert(
        5, {"number": "6", "title": "Audit logs", "body": "Logs are kept."}
    )
    renumbered_from(new["clauses"], 5)

    clauses = [c for c in compare_versions(old, new).changes if c.part == "clause"]

    assert [(c.old_number, c.new_number, c.status) for c in clauses[5:8]] == [
        ("", "6", "added"),
        ("6", "7", "changed"),
        ("7", "8", "unchanged"),
    ]


def test_unchanged_clauses_are_collapsed_in_details(old, new, language):
    clause = _clause(new, "13")
    clause["body"] = clause["body"].replace("48", "24")
    labels = redline_labels(language)

    html = _html(old, new)
    section = _section(html, _clause_heading(language, "3"))

    title = _clause(old, "3")["title"]
    assert section.startswith(
        '<section class="dpa-redline-part dpa-redline-unchanged"><details><summary>'
        f'{labels["clause"]} 3: {title} — <span class="dpa-redline-status">'
        f"{labels['unchanged']}</span></summary>"
    )
    assert html.count("<details>") == len(_sections(html)) - 1 == 20


def test_markup_characters_in_titles_and_bodies_are_escaped(old, new, language):
    clause = _clause(new, "5")
    clause["title"] = "<script>alert(1)</script>"
    clause["body"] += '\n\n<img src=x onerror="alert(2)"> & <b>bold</b>'

    html = _html(old, new)

    assert "<script>" not in html
    assert "<img" not in html
    assert "<b>" not in html
    assert "<ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>" in html
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt; &amp; " in html
    assert set(element_names(html)) <= {
        "div", "p", "section", "details", "summary", "h2", "span", "ins", "del", "br",
    }  # fmt: skip


def test_changes_in_the_annexes_are_visible(old, new, language):
    new["processing"]["retention"] = new["processing"]["retention"].replace("90", "60")
    new["processing"]["types_of_personal_data"].append("Chat messages")
    new["measures"][0]["items"].append("Quarterly key rotation.")
    labels = redline_labels(language)

    html = _html(old, new)
    annex_ii = _section(html, f"{labels['annex_ii']} — ")
    annex_iii = _section(html, f"{labels['annex_iii']} — ")

    assert "<del>90</del><ins>60</ins>" in annex_ii
    assert "<ins>• Chat messages</ins>" in annex_ii
    assert "<ins>• Quarterly key rotation.</ins>" in annex_iii
    assert redline_summary(compare_versions(old, new))["changed"] == 2


def test_emphasis_and_line_wrapping_are_no_change(old, new):
    clause = _clause(new, "2")
    clause["body"] = clause["body"].replace(" ", "\n", 1)
    first_word = clause["body"].split()[0]
    clause["body"] = clause["body"].replace(first_word, f"*{first_word}*", 1)

    assert redline_summary(compare_versions(old, new))["changed"] == 0


def test_identical_versions_show_no_changes(old, new, language):
    labels = redline_labels(language)

    redline = compare_versions(old, new)
    html = _html(old, new)

    assert redline_summary(redline) == {
        "unchanged": 21,
        "changed": 0,
        "added": 0,
        "removed": 0,
    }
    assert f'<p class="dpa-redline-summary">{labels["no_changes"]}</p>' in html
    assert "<ins>" not in html
    assert "<del>" not in html
    assert html.count("<details>") == len(_sections(html)) == 21


def test_the_summary_line_counts_changed_added_and_removed_parts(old, new):
    clause = _clause(new, "13")
    clause["body"] = clause["body"].replace("48", "24")
    new["clauses"].remove(_clause(new, "17"))
    new["clauses"].append({"number": "19", "title": "Logs", "body": "Kept."})
    summary = redline_labels(new["language"])["summary"]

    html = _html(old, new)

    assert summary.format(changed=1, added=1, removed=1) in html


def test_texts_of_different_languages_are_not_compared():
    with pytest.raises(DocumentError):
        compare_versions(_default_text("en"), _default_text("de"))
