"""Editing one language of a draft: clauses, annexes and the summary."""

from __future__ import annotations

import copy

import pytest

from dpaportal.accounts.models import User
from dpaportal.audit.models import AuditEvent
from dpaportal.versions.models import DpaVersion
from tests.conftest import logged_in
from tests.staff.conftest import text_payload


def edit_url(version: DpaVersion, language: str = "en") -> str:
    return f"/staff/versions/{version.pk}/edit/{language}/"


def test_the_edit_page_shows_the_stored_clauses_and_annexes(
    lena: User, draft: DpaVersion
) -> None:
    response = logged_in(lena).get(edit_url(draft, "de"))

    page = response.content.decode()
    assert response.status_code == 200
    assert draft.content["de"]["clauses"][1]["title"] in page
    assert draft.content["de"]["measures"][0]["heading"] + "\n- " in page
    assert 'name="clauses-TOTAL_FORMS" value="19"' in page
    assert 'value="audits"' in page


def test_saving_unchanged_text_keeps_the_stored_text_as_it_was(
    lena: User, draft: DpaVersion
) -> None:
    before = copy.deepcopy(draft.content)

    response = logged_in(lena).post(
        edit_url(draft), text_payload(draft.content["en"], summary="Nothing new.")
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.content == before
    assert draft.change_summary == "Nothing new."
    assert AuditEvent.objects.filter(event_type="version.edited").count() == 1


def test_legal_staff_add_remove_and_reorder_clauses(
    lena: User, draft: DpaVersion
) -> None:
    german = copy.deepcopy(draft.content["de"])
    data = text_payload(draft.content["en"])
    data.update(
        {
            "title": "Data Processing Agreement (2026)",
            "clauses-0-DELETE": "on",
            "clauses-2-ORDER": "99",
            "clauses-18-number": "19",
            "clauses-18-title": "Final words",
            "clauses-18-body": "Line one\r\nline two.",
            "clauses-18-tags": ["liability", "form"],
            "clauses-18-ORDER": "1",
            "measures": "Encryption\r\n- TLS everywhere\r\n\r\nBackups\r\n- Daily\r\n",
            "types_of_personal_data": "Names\r\n\r\n  E-mail addresses  \r\n",
        }
    )

    response = logged_in(lena).post(edit_url(draft), data)

    assert response.status_code == 302
    draft.refresh_from_db()
    text = draft.content["en"]
    assert text["title"] == "Data Processing Agreement (2026)"
    assert text["clauses"][0] == {
        "number": "19",
        "title": "Final words",
        "body": "Line one\nline two.",
        "tags": ["liability", "form"],
    }
    numbers = [clause["number"] for clause in text["clauses"]]
    assert "1" not in numbers
    assert numbers[-1] == "3"
    assert len(numbers) == 18
    assert text["measures"] == [
        {"heading": "Encryption", "items": ["TLS everywhere"]},
        {"heading": "Backups", "items": ["Daily"]},
    ]
    assert text["processing"]["types_of_personal_data"] == [
        "Names",
        "E-mail addresses",
    ]
    assert draft.content["de"] == german


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"clauses-3-title": ""}, "This field is required."),
        ({"clauses-4-number": "2"}, "Another clause has the number 2."),
        (
            {"measures": "Encryption\n- TLS\nBackups\n- Daily"},
            "Line 3: start each measure with “- ”",
        ),
        ({"measures": "- TLS without a heading"}, "Line 1: a group starts with"),
        ({"measures": "Encryption\n- TLS\n\nLonely heading"}, "“Lonely heading” has"),
        ({"measures": "Encryption\n- "}, "Line 2: this measure is empty."),
        ({"clauses-5-tags": ["not_a_tag"]}, "Select a valid choice."),
    ],
)
def test_bad_input_is_shown_and_nothing_is_saved(
    changes: dict[str, str], message: str, lena: User, draft: DpaVersion
) -> None:
    before = copy.deepcopy(draft.content)
    data = {**text_payload(draft.content["en"]), "clauses-6-title": "Typed title"}

    response = logged_in(lena).post(edit_url(draft), {**data, **changes})

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert 'value="Typed title"' in page
    draft.refresh_from_db()
    assert draft.content == before
    assert not AuditEvent.objects.filter(event_type="version.edited")


def test_deleting_every_clause_is_refused(lena: User, draft: DpaVersion) -> None:
    data = text_payload(draft.content["en"])
    data.update({f"clauses-{i}-DELETE": "on" for i in range(18)})

    response = logged_in(lena).post(edit_url(draft), data)

    assert response.status_code == 400
    assert "Keep at least one clause." in response.content.decode()


def test_markup_problems_are_shown_next_to_the_clause_but_do_not_block_saving(
    lena: User, draft: DpaVersion
) -> None:
    client = logged_in(lena)
    data = {**text_payload(draft.content["en"]), "clauses-2-body": "a) one\nc) two"}

    saved = client.post(edit_url(draft), data)
    page = client.get(edit_url(draft)).content.decode()

    assert saved.status_code == 302
    draft.refresh_from_db()
    assert draft.content["en"]["clauses"][2]["body"] == "a) one\nc) two"
    start = page.index('name="clauses-2-body"')
    clause = page[start : page.index('name="clauses-3-', start)]
    assert "Line 2: This item is out of order" in clause


def test_the_edit_page_of_a_published_version_refuses(
    lena: User, published: DpaVersion
) -> None:
    client = logged_in(lena)

    shown = client.get(edit_url(published))
    posted = client.post(edit_url(published), text_payload(published.content["en"]))

    assert shown.status_code == 409
    assert "is published and cannot be changed" in shown.content.decode()
    assert 'name="clauses-TOTAL_FORMS"' not in shown.content.decode()
    assert posted.status_code == 409
    assert not AuditEvent.objects.filter(event_type="version.edited")


def test_an_unknown_language_answers_404(lena: User, draft: DpaVersion) -> None:
    client = logged_in(lena)

    assert client.get(edit_url(draft, "fr")).status_code == 404
    assert client.get(f"/staff/versions/{draft.pk}/preview/fr/").status_code == 404
    assert client.get(f"/staff/versions/{draft.pk}/preview/fr.pdf").status_code == 404
