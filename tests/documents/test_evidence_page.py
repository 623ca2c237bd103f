from datetime import UTC, datetime

from dpaportal.documents.execution import render_signed_pdf
from tests.documents.fixtures import VERSION, evidence, replace, snapshot
from tests.documents.pdftext import page_texts

MADE = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_a_german_evidence_page_names_the_browser_facts_in_german():
    data = snapshot(version=replace(VERSION, language="de"))

    pages = page_texts(render_signed_pdf(data, evidence(data), created_at=MADE))

    assert "Zeitzone Europe/Dublin" in pages[-1]
    assert "time_zone" not in pages[-1]


def signed_by_a_member(language: str, role: str, login_method: str) -> str:
    """The evidence page of a DPA in ``language`` with the given stored values."""
    data = snapshot(version=replace(VERSION, language=language))
    record = evidence(data)
    record["signer"]["role"] = role
    record["authentication"]["login_method"] = login_method

    pages = page_texts(render_signed_pdf(data, record, created_at=MADE))
    return " ".join(pages[-1].split())


def test_a_german_evidence_page_prints_role_and_login_method_in_german():
    text = signed_by_a_member("de", "member", "password")

    assert "Rolle Mitglied, zeichnungsberechtigt" in text
    assert "Anmeldeverfahren E-Mail-Adresse und Passwort" in text
    assert "authorized signer" not in text
    assert "password" not in text


def test_an_english_evidence_page_prints_role_and_login_method_in_english():
    text = signed_by_a_member("en", "administrator", "password")

    assert "Role Administrator, authorized signer" in text
    assert "Login method E-mail address and password" in text
    assert "zeichnungsberechtigt" not in text


def test_a_record_stored_with_english_phrases_prints_them_in_german_too():
    text = signed_by_a_member(
        "de", "member, authorized signer", "e-mail address and password"
    )

    assert "Rolle Mitglied, zeichnungsberechtigt" in text
    assert "Anmeldeverfahren E-Mail-Adresse und Passwort" in text


def test_a_login_method_that_was_not_recorded_says_so_in_the_documents_language():
    assert "Anmeldeverfahren Nicht erfasst" in signed_by_a_member(
        "de", "member", "unknown"
    )
