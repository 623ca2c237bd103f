"""What changed between two DPA versions in one language, clause by clause.

Clauses are matched by content, not number: the two lists of clauses are
aligned on title and text, so a clause inserted after clause 5 shows as added
and the clauses after it, renumbered but not reworded, as unchanged under
their old and new numbers. Where the alignment finds no identical clause, a
clause is paired with one of the other version whose title or text is nearly
the same, else with one of the same number; otherwise it counts as added or
removed. Bodies are compared word by word
on the text a reader sees, so emphasis asterisks and line wrapping within a
paragraph are no change. The preamble and Annexes II and III are compared
as parts of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from difflib import SequenceMatcher
from html import escape
from types import MappingProxyType
from typing import Any, Literal

from dpaportal.documents import markup
from dpaportal.documents.errors import DocumentError
from dpaportal.documents.inputs import Processing
from dpaportal.documents.labels import labels_for

Part = Literal["preamble", "clause", "annex_ii", "annex_iii"]
Status = Literal["unchanged", "changed", "added", "removed"]
SegmentKind = Literal["same", "added", "removed"]

SAME_TITLE_RATIO = 0.8
"""How alike two titles must be for a reworded clause to count as one."""
SAME_TEXT_RATIO = 0.6
"""How alike two bodies must be for a clause under a new title to count as one."""

_PARTS: tuple[Part, ...] = ("preamble", "annex_ii", "annex_iii")
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
_PARAGRAPH_BREAK = re.compile(r"\n{2,}")
_LIST_MARKERS = {"bullet": "• ", "number": "{n}. ", "letter": "{letter}) "}
_MARK_TAGS = {"added": "ins", "removed": "del"}
_PROCESSING_FIELDS = tuple(field.name for field in fields(Processing))

LABELS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "en": MappingProxyType(
            {
                "clause": "Clause",
                "preamble": "Preamble",
                "annex_ii": "Annex II",
                "annex_iii": "Annex III",
                "unchanged": "unchanged",
                "changed": "changed",
                "added": "added",
                "removed": "removed",
                "summary": "Clauses and annexes: {changed} changed, "
                "{added} added, {removed} removed",
                "no_changes": "No changes.",
            }
        ),
        "de": MappingProxyType(
            {
                "clause": "Ziffer",
                "preamble": "Präambel",
                "annex_ii": "Anlage II",
                "annex_iii": "Anlage III",
                "unchanged": "unverändert",
                "changed": "geändert",
                "added": "hinzugefügt",
                "removed": "entfallen",
                "summary": "Ziffern und Anlagen: {changed} geändert, "
                "{added} hinzugefügt, {removed} entfallen",
                "no_changes": "Keine Änderungen.",
            }
        ),
    }
)


@dataclass(frozen=True)
class Segment:
    """A run of text that both versions share, or that one of them lacks."""

    kind: SegmentKind
    text: str


@dataclass(frozen=True)
class Change:
    """One clause, the preamble or an annex, compared across the two versions."""

    part: Part
    status: Status
    old_number: str
    """Empty for an added clause and for the parts that are not clauses."""
    new_number: str
    """Empty for a removed clause and for the parts that are not clauses."""
    old_title: str
    new_title: str
    title: tuple[Segment, ...]
    body: tuple[Segment, ...]
    """The body as plain text; line breaks and blank lines are kept."""


@dataclass(frozen=True)
class Redline:
    """The changes in reading order: preamble, clauses, Annex II, Annex III."""

    changes: tuple[Change, ...]


@dataclass(frozen=True)
class _Side:
    number: str
    title: str
    text: str


def compare_versions(old: Mapping[str, Any], new: Mapping[str, Any]) -> Redline:
    """Compare two texts of one language in the format of the default DPA."""
    language = new.get("language", "en")
    if old.get("language", "en") != language:
        raise DocumentError("Only texts in the same language can be compared.")
    words = labels_for(language)
    before, after = _part_texts(old, words), _part_texts(new, words)
    preamble, *annexes = (
        _change(part, _Side("", "", before[part]), _Side("", "", after[part]))
        for part in _PARTS
    )
    clauses = _clause_changes(old["clauses"], new["clauses"])
    return Redline((preamble, *clauses, *annexes))


def redline_summary(redline: Redline) -> dict[str, int]:
    """How many clauses and parts are unchanged, changed, added and removed."""
    counts = dict.fromkeys(("unchanged", "changed", "added", "removed"), 0)
    for change in redline.changes:
        counts[change.status] += 1
    return counts


def redline_labels(language: str) -> Mapping[str, str]:
    """The redline's fixed words in ``language`` ("en" or "de")."""
    try:
        return LABELS[language]
    except KeyError:
        raise DocumentError(f"No redline labels for language {language!r}.") from None


def render_redline_html(redline: Redline, labels: Mapping[str, str]) -> str:
    """The redline as a ``<div>`` of one ``<section>`` per clause or part."""
    counts = redline_summary(redline)
    if counts["unchanged"] == len(redline.changes):
        summary = labels["no_changes"]
    else:
        summary = labels["summary"].format(**counts)
    out = [
        '<div class="dpa-redline">',
        f'<p class="dpa-redline-summary">{escape(summary)}</p>',
    ]
    out.extend(_section(change, labels) for change in redline.changes)
    out.append("</div>")
    return "\n".join(out)


def _clause_changes(
    old_clauses: Sequence[Mapping[str, Any]], new_clauses: Sequence[Mapping[str, Any]]
) -> list[Change]:
    old = [_clause_side(clause) for clause in old_clauses]
    new = [_clause_side(clause) for clause in new_clauses]
    partners = _partners(old, new)
    # Entries carry the old clause's position so that a removed clause can
    # stand where it stood in the old version.
    entries: list[tuple[int | None, Change]] = []
    for new_index, side in enumerate(new):
        old_index = partners.get(new_index)
        if old_index is None:
            entries.append((None, _added(side)))
        else:
            entries.append((old_index, _change("clause", old[old_index], side)))
    for old_index in sorted(set(range(len(old))) - set(partners.values())):
        position = 0
        for index, (placed, _) in enumerate(entries):
            if placed is not None and placed < old_index:
                position = index + 1
        entries.insert(position, (old_index, _removed(old[old_index])))
    return [change for _, change in entries]


def _partners(old: list[_Side], new: list[_Side]) -> dict[int, int]:
    """Map new clause positions to old ones, keeping the reading order."""
    matcher = SequenceMatcher(
        None,
        [_content(side) for side in old],
        [_content(side) for side in new],
        autojunk=False,
    )
    partners: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            partners.update(zip(range(j1, j2), range(i1, i2), strict=True))
        elif tag == "replace":
            partners.update(_reworded(old, new, range(i1, i2), range(j1, j2)))
    return partners


def _content(side: _Side) -> tuple[str, str]:
    return side.title.casefold(), side.text


def _reworded(
    old: list[_Side], new: list[_Side], olds: range, news: range
) -> dict[int, int]:
    """Pairs within a stretch that differs: the most alike first, then the
    same number; a pair never crosses another, so the order stays."""
    candidates = sorted(
        ((_likeness(old[i], new[j]), j, i) for i in olds for j in news),
        reverse=True,
    )
    pairs: dict[int, int] = {}
    for likeness, j, i in candidates:
        if likeness >= 1.0 and _fits(pairs, j, i):
            pairs[j] = i
    for j in news:
        for i in olds:
            if old[i].number == new[j].number and _fits(pairs, j, i):
                pairs[j] = i
    return pairs


def _likeness(old: _Side, new: _Side) -> float:
    """At least 1 when the titles or the bodies are nearly the same."""
    return max(
        _title_ratio(old.title, new.title) / SAME_TITLE_RATIO,
        _text_ratio(old.text, new.text) / SAME_TEXT_RATIO,
    )


def _fits(pairs: dict[int, int], new_index: int, old_index: int) -> bool:
    """Whether the pair is free and crosses none of ``pairs``."""
    if new_index in pairs or old_index in pairs.values():
        return False
    return all((j < new_index) == (i < old_index) for j, i in pairs.items())


def _text_ratio(old: str, new: str) -> float:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    return SequenceMatcher(str.isspace, a, b, autojunk=False).ratio()


def _title_ratio(old: str, new: str) -> float:
    return SequenceMatcher(None, old.casefold(), new.casefold()).ratio()


def _change(part: Part, old: _Side, new: _Side) -> Change:
    return Change(
        part,
        # A clause only renumbered reads the same: its heading shows the move.
        "unchanged" if _content(old) == _content(new) else "changed",
        old.number,
        new.number,
        old.title,
        new.title,
        _diff(old.title, new.title),
        _diff(old.text, new.text),
    )


def _added(new: _Side) -> Change:
    title, body = _whole("added", new.title), _whole("added", new.text)
    return Change("clause", "added", "", new.number, "", new.title, title, body)


def _removed(old: _Side) -> Change:
    title, body = _whole("removed", old.title), _whole("removed", old.text)
    return Change("clause", "removed", old.number, "", old.title, "", title, body)


def _whole(kind: SegmentKind, text: str) -> tuple[Segment, ...]:
    return (Segment(kind, text),) if text else ()


def _diff(old: str, new: str) -> tuple[Segment, ...]:
    """Word-level segments turning ``old`` into ``new``."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = SequenceMatcher(str.isspace, a, b, autojunk=False)
    opcodes = matcher.get_opcodes()
    segments: list[Segment] = []
    removed: list[str] = []
    added: list[str] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        text = "".join(a[i1:i2])
        # A space between two edits joins them into one mark, so that a
        # rewritten phrase reads as one deletion and one insertion; a line
        # break does not, or marks would swap places across paragraphs.
        bridging = text.isspace() and "\n" not in text and 0 < index < len(opcodes) - 1
        if tag == "equal" and not bridging:
            segments.extend(_whole("removed", "".join(removed)))
            segments.extend(_whole("added", "".join(added)))
            segments.append(Segment("same", text))
            removed, added = [], []
        else:
            removed.extend(a[i1:i2])
            added.extend(b[j1:j2])
    segments.extend(_whole("removed", "".join(removed)))
    segments.extend(_whole("added", "".join(added)))
    return tuple(segments)


def _clause_side(clause: Mapping[str, Any]) -> _Side:
    return _Side(str(clause["number"]), clause["title"], _plain(clause["body"]))


def _plain(body: str) -> str:
    """The markup as a reader sees it: no asterisks, lists one item a line."""
    return "\n\n".join(_block_text(block) for block in markup.parse(body))


def _block_text(block: markup.Block) -> str:
    if isinstance(block, markup.Paragraph):
        return "".join(span.text for span in block.spans)
    marker = _LIST_MARKERS[block.style]
    return "\n".join(
        marker.format(n=n, letter=chr(ord("a") + n - 1))
        + "".join(span.text for span in item)
        for n, item in enumerate(block.items, start=block.start)
    )


def _part_texts(version: Mapping[str, Any], words: Mapping[str, str]) -> dict[str, str]:
    """The preamble and Annexes II and III as plain text to compare."""
    processing = []
    for field in _PROCESSING_FIELDS:
        value = version["processing"].get(field, "")
        if isinstance(value, str):
            processing.append(f"{words[field]}: {value}")
        else:
            items = (f"• {item}" for item in value)
            processing.append("\n".join([f"{words[field]}:", *items]))
    measures = (
        "\n".join([group["heading"], *(f"• {item}" for item in group["items"])])
        for group in version["measures"]
    )
    return {
        "preamble": _plain(version.get("preamble", "")),
        "annex_ii": "\n\n".join(processing),
        "annex_iii": "\n\n".join(measures),
    }


def _section(change: Change, labels: Mapping[str, str]) -> str:
    status = f'<span class="dpa-redline-status">{escape(labels[change.status])}</span>'
    heading = f"{_heading(change, labels)} — {status}"
    body = "".join(_paragraphs(change.body))
    if change.status == "unchanged":
        inner = f"<details><summary>{heading}</summary>{body}</details>"
    else:
        inner = f"<h2>{heading}</h2>{body}"
    classes = f"dpa-redline-part dpa-redline-{change.status}"
    return f'<section class="{classes}">{inner}</section>'


def _heading(change: Change, labels: Mapping[str, str]) -> str:
    if change.part != "clause":
        return escape(labels[change.part])
    numbers = [n for n in (change.old_number, change.new_number) if n]
    number = " → ".join(dict.fromkeys(numbers))
    return f"{escape(labels['clause'])} {escape(number)}: {_marked(change.title)}"


def _paragraphs(segments: Iterable[Segment]) -> Iterable[str]:
    paragraphs: list[list[Segment]] = [[]]
    for segment in segments:
        for index, piece in enumerate(_PARAGRAPH_BREAK.split(segment.text)):
            if index:
                paragraphs.append([])
            paragraphs[-1].append(Segment(segment.kind, piece))
    for paragraph in paragraphs:
        if any(segment.text.strip() for segment in paragraph):
            yield f"<p>{_marked(paragraph)}</p>"


def _marked(segments: Iterable[Segment]) -> str:
    """Escaped text with its marks; a mark never spans a line break."""
    out = []
    for segment in segments:
        tag = _MARK_TAGS.get(segment.kind)
        lines = [
            f"<{tag}>{escape(line)}</{tag}>" if tag and line else escape(line)
            for line in segment.text.split("\n")
        ]
        out.append("<br>".join(lines))
    return "".join(out)
