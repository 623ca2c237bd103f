"""The German translation: complete, compiled, in step with the code, and served."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.test import Client

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = REPO_ROOT / "src" / "dpaportal"
GERMAN_PO = PACKAGE_DIR / "locale" / "de" / "LC_MESSAGES" / "django.po"
GERMAN_MO = GERMAN_PO.with_suffix(".mo")

# Same flags as `make messages`. The DPA's own words (versions/default/*.json,
# documents/templates/*.typ) are files makemessages does not read.
MAKEMESSAGES_ARGS = [
    "makemessages",
    "--locale=de",
    "--no-obsolete",
    "--no-location",
]

# "%%" is a literal percent sign, not a placeholder; it is removed first.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[sdr]")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text.replace("%%", "")))


@pytest.fixture(scope="module")
def german() -> polib.POFile:
    return polib.pofile(str(GERMAN_PO))


def entries_by_key(entries: list[polib.POEntry] | polib.MOFile) -> dict:
    return {
        (entry.msgctxt, entry.msgid, entry.msgid_plural): (
            entry.msgstr,
            sorted(entry.msgstr_plural.items()),
        )
        for entry in entries
    }


def test_german_catalogue_declares_its_language_and_plural_rule(
    german: polib.POFile,
) -> None:
    assert german.metadata["Language"] == "de"
    assert german.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert "charset=UTF-8" in german.metadata["Content-Type"]
    assert not german.metadata_is_fuzzy


def test_every_german_entry_is_translated(german: polib.POFile) -> None:
    untranslated = [entry.msgid for entry in german.untranslated_entries()]

    assert not untranslated, f"not translated into German: {untranslated}"


def test_no_german_entry_is_fuzzy(german: polib.POFile) -> None:
    fuzzy = [entry.msgid for entry in german.fuzzy_entries()]

    assert not fuzzy, f"marked fuzzy, review and clear the flag: {fuzzy}"


def test_every_plural_entry_has_all_german_forms(german: polib.POFile) -> None:
    forms = int(re.search(r"nplurals=(\d+)", german.metadata["Plural-Forms"])[1])

    incomplete = [
        entry.msgid
        for entry in german
        if entry.msgid_plural
        and not all(entry.msgstr_plural.get(form) for form in range(forms))
    ]

    assert not incomplete, f"a German plural form is missing: {incomplete}"


def test_german_keeps_the_placeholders_of_the_english(german: polib.POFile) -> None:
    mismatched = []
    for entry in german.translated_entries():
        english = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
        translations = list(entry.msgstr_plural.values()) or [entry.msgstr]
        if any(placeholders(text) != english for text in translations):
            mismatched.append(entry.msgid)

    assert not mismatched, f"placeholders differ from the English: {mismatched}"


def test_compiled_german_catalogue_matches_the_po(german: polib.POFile) -> None:
    compiled = polib.mofile(str(GERMAN_MO))
    # A .mo holds only translated entries, so compare with those of the .po.
    expected = entries_by_key(german.translated_entries())
    stale = "django.mo is out of date: run `python -m scripts.compile_messages`"

    assert compiled.metadata == german.metadata, stale
    assert entries_by_key(compiled) == expected, stale


def extract_messages(workdir: Path) -> polib.POFile:
    """Run makemessages on a copy of the package and return what it extracted."""
    package = workdir / "src" / "dpaportal"
    shutil.copytree(
        PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__", "var")
    )
    # Without LOCALE_PATHS, makemessages writes into the copy's locale/ only and
    # never touches the committed catalogue.
    (workdir / "extraction_settings.py").write_text(
        "from tests.settings import *  # noqa: F403\nLOCALE_PATHS = []\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "extraction_settings",
        "PYTHONPATH": os.pathsep.join([str(workdir), str(REPO_ROOT)]),
    }
    run = subprocess.run(
        [sys.executable, "-m", "django", *MAKEMESSAGES_ARGS, "--keep-pot"],
        cwd=package,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, f"makemessages failed:\n{run.stderr}"
    return polib.pofile(str(package / "locale" / "django.pot"))


def test_every_string_in_the_code_has_a_german_translation(
    german: polib.POFile, tmp_path: Path
) -> None:
    extracted = extract_messages(tmp_path)
    translated = {(entry.msgctxt, entry.msgid) for entry in german.translated_entries()}

    missing = [
        entry.msgid
        for entry in extracted
        if (entry.msgctxt, entry.msgid) not in translated
    ]

    assert extracted, "makemessages extracted nothing; is xgettext installed?"
    assert not missing, (
        f"no German translation, run `make messages` and translate: {missing}"
    )


@pytest.mark.django_db
def test_login_page_is_german_for_a_browser_asking_for_german(client: Client) -> None:
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 200
    assert '<html lang="de">' in response.text
    assert "Anmelden" in response.text


@pytest.mark.django_db
def test_language_switch_turns_the_pages_german(client: Client) -> None:
    assert "Anmelden" not in client.get("/accounts/login/").text

    response = client.post(
        "/i18n/setlang/",
        {"language": "de", "next": "/accounts/login/"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert "Anmelden" in response.text
    assert "Anmelden" in client.get("/accounts/login/").text
