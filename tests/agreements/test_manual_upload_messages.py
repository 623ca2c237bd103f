"""The words a customer reads for each refused upload: one table, one per code."""

from __future__ import annotations

from django.utils import translation

from dpaportal.agreements.upload_messages import REFUSAL_MESSAGES, refusal_message
from dpaportal.uploads import (
    MAX_FILES,
    MAX_PAGES,
    MAX_PIXELS,
    MAX_TOTAL_BYTES,
    REFUSAL_CODES,
)


def test_every_refusal_code_has_a_message_and_no_other_code_does() -> None:
    assert set(REFUSAL_MESSAGES) == REFUSAL_CODES


def test_no_two_refusals_read_alike() -> None:
    messages = [refusal_message(code) for code in sorted(REFUSAL_CODES)]

    assert len(set(messages)) == len(messages)
    assert all(message.endswith(".") for message in messages)


def test_the_limits_in_the_messages_are_the_limits_applied() -> None:
    assert f"at most {MAX_FILES} images" in refusal_message("too_many_files")
    assert f"{MAX_TOTAL_BYTES // (1024 * 1024)} MB" in refusal_message("too_large")
    assert f"{MAX_PAGES} pages" in refusal_message("too_many_pages")
    assert f"{MAX_PIXELS // 1_000_000} megapixels" in refusal_message("image_too_large")


def test_every_refusal_is_told_in_german_too() -> None:
    english = {code: refusal_message(code) for code in REFUSAL_CODES}

    with translation.override("de"):
        german = {code: refusal_message(code) for code in REFUSAL_CODES}

    assert all(german[code] != english[code] for code in REFUSAL_CODES)
    assert len(set(german.values())) == len(german)
