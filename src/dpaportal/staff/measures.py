"""Annex III measures as staff type them: headings, then "- " items."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext


def measures_as_text(groups: list[Mapping[str, Any]]) -> str:
    # A line break inside a stored item would read back as two lines.
    return "\n\n".join(
        group["heading"]
        + "".join(f"\n- {' '.join(item.splitlines())}" for item in group["items"])
        for group in groups
    )


def parse_measures(text: str) -> list[dict[str, Any]]:
    """Read the Annex III textarea; every malformed line gets its own message."""
    groups: list[dict[str, Any]] = []
    errors: list[str] = []
    for block in numbered_blocks(text):
        (first, heading), rest = block[0], block[1:]
        if heading.startswith("-"):
            errors.append(
                gettext(
                    "Line %(line)d: a group starts with its heading, not a measure."
                )
                % {"line": first}
            )
            continue
        if not rest:
            errors.append(
                gettext("Line %(line)d: the heading “%(heading)s” has no measures.")
                % {"line": first, "heading": heading}
            )
        items = []
        for number, line in rest:
            # Lines arrive stripped, so an empty "- " item is a lone dash.
            if line.startswith("- "):
                items.append(line[2:].strip())
            elif line == "-":
                errors.append(
                    gettext("Line %(line)d: this measure is empty.") % {"line": number}
                )
            else:
                errors.append(
                    gettext(
                        "Line %(line)d: start each measure with “- ”, or leave a "
                        "blank line before a new heading."
                    )
                    % {"line": number}
                )
        groups.append({"heading": heading, "items": items})
    if errors:
        raise forms.ValidationError(errors)
    return groups


def numbered_blocks(text: str) -> list[list[tuple[int, str]]]:
    """Runs of non-blank lines with their one-based line numbers."""
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if line:
            blocks[-1].append((number, line))
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]
