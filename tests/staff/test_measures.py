"""Annex III as staff type it: headings and "- " items."""

from __future__ import annotations

import pytest
from django import forms

from dpaportal.staff.measures import measures_as_text, parse_measures
from dpaportal.versions.services import load_default_text


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_shipped_measures_read_back_as_they_were_written(language: str) -> None:
    measures = load_default_text()[language]["measures"]

    assert parse_measures(measures_as_text(measures)) == measures


def test_extra_blank_lines_and_indentation_are_forgiven() -> None:
    text = "\n\n  Encryption  \n   - TLS \n\n\n\nBackups\n- Daily\n\n"

    assert parse_measures(text) == [
        {"heading": "Encryption", "items": ["TLS"]},
        {"heading": "Backups", "items": ["Daily"]},
    ]


def test_every_malformed_line_gets_its_own_message() -> None:
    with pytest.raises(forms.ValidationError) as refused:
        parse_measures("Encryption\n-TLS\nBackups\n\n- orphan\n\nHeading only")

    assert refused.value.messages == [
        "Line 2: start each measure with “- ”, or leave a blank line before a new "
        "heading.",
        "Line 3: start each measure with “- ”, or leave a blank line before a new "
        "heading.",
        "Line 5: a group starts with its heading, not a measure.",
        "Line 7: the heading “Heading only” has no measures.",
    ]


def test_no_text_means_no_measures() -> None:
    assert parse_measures("  \n ") == []
