"""The small safe markup of DPA clause bodies, parsed into a tiny block tree.

What the markup knows, and nothing more:

- paragraphs, separated by blank lines; the lines of one paragraph are joined
  with a space;
- a bulleted list: consecutive lines starting with ``- ``;
- a numbered list: consecutive lines starting with ``1. ``, ``2. `` ...;
- a lettered list: consecutive lines starting with ``a) ``, ``b) `` ...;
- inline ``*emphasis*`` between single asterisks; ``\\*`` is a literal
  asterisk. An asterisk opens emphasis only when followed by a non-space
  and closes it only after a non-space, so ``2 * 3 * 4`` stays literal, as
  does an asterisk that is never closed.

Every other character is literal text: the renderers display it as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

ListStyle = Literal["bullet", "number", "letter"]

_BULLET = re.compile(r"- (.*)\Z", re.DOTALL)
_NUMBER = re.compile(r"(\d{1,3})\. (.*)\Z", re.DOTALL)
_LETTER = re.compile(r"([a-z])\) (.*)\Z", re.DOTALL)
_ESCAPED_STAR = "\\*"
_STAR = re.compile(r"\\\*|\*")


@dataclass(frozen=True)
class Span:
    """A run of literal text, emphasised or not."""

    text: str
    emphasis: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of inline spans."""

    spans: tuple[Span, ...]


@dataclass(frozen=True)
class ListBlock:
    """A list; numbered and lettered lists count up from ``start``."""

    style: ListStyle
    start: int
    items: tuple[tuple[Span, ...], ...]


Block = Paragraph | ListBlock


@dataclass(frozen=True)
class Problem:
    """Something in a markup text that will not render as its author meant."""

    line: int
    """One-based line number in the markup text."""
    code: str
    """Stable code for translating the message in a staff page."""
    message: str


@dataclass(frozen=True)
class _Line:
    number: int
    style: ListStyle | None
    ordinal: int
    text: str


def parse(text: str) -> tuple[Block, ...]:
    """Parse markup into blocks; never fails, whatever the text."""
    blocks: list[Block] = []
    for group in _line_groups(_classify(text)):
        head = group[0]
        if head.style is None:
            joined = " ".join(line.text for line in group)
            blocks.append(Paragraph(parse_inline(joined)))
        else:
            items = tuple(parse_inline(line.text) for line in group)
            blocks.append(ListBlock(head.style, head.ordinal, items))
    return tuple(blocks)


def parse_inline(text: str) -> tuple[Span, ...]:
    """Split one paragraph or list item into plain and emphasised spans."""
    spans, _ = _scan_inline(text)
    return spans


def validate(text: str) -> list[Problem]:
    """List what in ``text`` will not render as its author probably meant."""
    problems: list[Problem] = []
    lines = _classify(text)
    for line in lines:
        if line.style is not None and not line.text.strip():
            problems.append(
                Problem(line.number, "empty_list_item", "This list item is empty.")
            )
        if _scan_inline(line.text)[1]:
            problems.append(
                Problem(
                    line.number,
                    "unclosed_emphasis",
                    "An asterisk is not part of any *emphasis*; "
                    "write \\* for a literal asterisk.",
                )
            )
    for group in _line_groups(lines):
        problems.extend(_ordinal_problems(group))
    return problems


def blocks_as_data(blocks: tuple[Block, ...]) -> list[dict[str, Any]]:
    """Turn blocks into plain JSON-compatible data for a snapshot."""
    data: list[dict[str, Any]] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            data.append({"type": "paragraph", "spans": _spans_as_data(block.spans)})
        else:
            data.append(
                {
                    "type": "list",
                    "style": block.style,
                    "start": block.start,
                    "items": [_spans_as_data(item) for item in block.items],
                }
            )
    return data


def _spans_as_data(spans: tuple[Span, ...]) -> list[dict[str, Any]]:
    return [{"text": span.text, "emphasis": span.emphasis} for span in spans]


def _classify(text: str) -> list[_Line]:
    lines = []
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    for number, raw in enumerate(normalised.split("\n"), start=1):
        line = raw.lstrip()
        if not line.strip():
            lines.append(_Line(number, None, 0, ""))
        elif match := _BULLET.match(line):
            lines.append(_Line(number, "bullet", 1, match[1].strip()))
        elif match := _NUMBER.match(line):
            lines.append(_Line(number, "number", int(match[1]), match[2].strip()))
        elif match := _LETTER.match(line):
            ordinal = ord(match[1]) - ord("a") + 1
            lines.append(_Line(number, "letter", ordinal, match[2].strip()))
        else:
            lines.append(_Line(number, None, 0, line.strip()))
    return lines


def _line_groups(lines: list[_Line]) -> list[list[_Line]]:
    """Group non-blank lines into runs that form one block each."""
    groups: list[list[_Line]] = []
    previous: _Line | None = None
    for line in lines:
        blank = line.style is None and not line.text
        if blank:
            previous = None
            continue
        if previous is not None and previous.style == line.style:
            groups[-1].append(line)
        else:
            groups.append([line])
        previous = line
    return groups


def _ordinal_problems(group: list[_Line]) -> list[Problem]:
    style = group[0].style
    if style not in ("number", "letter"):
        return []
    problems = []
    for expected, line in enumerate(group, start=group[0].ordinal):
        if line.ordinal != expected:
            problems.append(
                Problem(
                    line.number,
                    "list_out_of_order",
                    "This item is out of order; the list will be counted "
                    "up from its first item.",
                )
            )
    return problems


def _scan_inline(text: str) -> tuple[tuple[Span, ...], int]:
    """Spans of ``text`` and how many asterisks stayed literal by accident."""
    spans: list[Span] = []
    plain: list[str] = []
    stray = 0
    position = 0
    while star := _STAR.search(text, position):
        plain.append(text[position : star.start()])
        position = star.end()
        if star[0] == _ESCAPED_STAR:
            plain.append("*")
            continue
        closing = _closing_star(text, star.start())
        if closing is None:
            stray += 1
            plain.append("*")
            continue
        _add_span(spans, "".join(plain), emphasis=False)
        plain = []
        inner = text[star.end() : closing].replace(_ESCAPED_STAR, "*")
        _add_span(spans, inner, emphasis=True)
        position = closing + 1
    plain.append(text[position:])
    _add_span(spans, "".join(plain), emphasis=False)
    return tuple(spans), stray


def _add_span(spans: list[Span], text: str, *, emphasis: bool) -> None:
    if text:
        spans.append(Span(text, emphasis))


def _closing_star(text: str, position: int) -> int | None:
    """Where the emphasis opened at ``position`` closes, if it does."""
    if text[position] != "*" or position + 1 >= len(text):
        return None
    if text[position + 1].isspace() or text[position + 1] == "*":
        return None
    search = position + 1
    while (closing := text.find("*", search)) != -1:
        before = text[closing - 1]
        if before != "\\" and not before.isspace():
            return closing
        search = closing + 1
    return None
