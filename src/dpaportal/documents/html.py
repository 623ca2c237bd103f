"""Render a DPA snapshot as an HTML fragment for reading on screen.

Every text goes through ``html.escape``: the only markup in the output is
the markup written here, whatever the values contain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from dpaportal.documents.errors import DocumentError
from dpaportal.documents.snapshot import Snapshot
from dpaportal.documents.structure import document_structure

DRAFT_MARK_CLASS = "dpa-draft-mark"
"""The element holding the draft mark, which the PDF repeats on every page."""


def render_html(snapshot: Snapshot) -> str:
    """The document as one ``<article>`` element."""
    return render_structure_html(document_structure(snapshot))


def render_structure_html(structure: Mapping[str, Any]) -> str:
    """Render an already built document structure as an ``<article>``.

    A structure whose ``cover`` is None, a page of its own such as the
    approval page, starts with its title instead of a cover.
    """
    out: list[str] = [
        f'<article class="dpa-document" lang="{_e(structure["language"])}"'
        f' data-identifier="{_e(structure["identifier"])}"'
        f' data-fingerprint="{_e(structure["fingerprint"])}">'
    ]
    if structure["draft"]:
        out.append(
            f'<p class="dpa-draft" role="note">'
            f'<strong class="{DRAFT_MARK_CLASS}">{_e(structure["draft_mark"])}'
            f"</strong> {_e(structure['draft_note'])}</p>"
        )
    if structure["cover"] is None:
        out.append(f"<h1>{_e(structure['title'])}</h1>")
    else:
        out.extend(_cover(structure["title"], structure["cover"]))
    for section in structure["sections"]:
        out.extend(_section(section))
    out.append("</article>")
    return "\n".join(out)


def _cover(title: str, cover: Mapping[str, Any]) -> Iterable[str]:
    yield '<header class="dpa-cover">'
    yield f"<h1>{_e(title)}</h1>"
    yield f'<p class="dpa-version">{_e(cover["version"])}</p>'
    for joiner, party in zip(
        (cover["between"], cover["and"]), cover["parties"], strict=True
    ):
        yield f'<p class="dpa-between">{_e(joiner)}</p>'
        lines = [f"<strong>{_e(party['name'])}</strong>"]
        lines += [_e(line) for line in party["address"]]
        lines.append(f'<span class="dpa-role">{_e(party["role"])}</span>')
        yield f'<p class="dpa-party">{"<br>".join(lines)}</p>'
    yield from _fields(cover["fields"])
    yield "</header>"


def _section(section: Mapping[str, Any]) -> Iterable[str]:
    heading = section["heading"]
    anchor = f"dpa-{_e(section['id'])}"
    if heading is None:
        yield f'<section class="dpa-section" id="{anchor}">'
    else:
        yield (
            f'<section class="dpa-section" aria-labelledby="{anchor}">'
            f'<h2 id="{anchor}">{_e(heading)}</h2>'
        )
    for item in section["content"]:
        yield from _item(item)
    yield "</section>"


def _item(item: Mapping[str, Any]) -> Iterable[str]:
    kind = item["type"]
    if kind == "paragraph":
        yield f"<p>{_spans(item['spans'])}</p>"
    elif kind == "list":
        yield from _list(item)
    elif kind == "fields":
        yield from _fields(item["rows"])
    elif kind == "table":
        yield from _table(item["columns"], item["rows"])
    elif kind == "blank":
        yield f'<p class="dpa-fill-in"><em>{_e(item["note"])}</em></p>'
        yield '<div class="dpa-blank-line"></div>' * item["lines"]
    elif kind == "blank_table":
        yield f'<p class="dpa-fill-in"><em>{_e(item["note"])}</em></p>'
        empty_row: list[list[str]] = [[] for _ in item["columns"]]
        yield from _table(item["columns"], [empty_row] * item["rows"])
    elif kind == "signature_lines":
        yield '<div class="dpa-signature-lines">'
        for label in item["labels"]:
            yield f'<div class="dpa-signature-line">{_e(label)}</div>'
        yield "</div>"
    elif kind == "subsection":
        yield '<section class="dpa-subsection">'
        yield f"<h3>{_e(item['heading'])}</h3>"
        for child in item["content"]:
            yield from _item(child)
        yield "</section>"
    else:
        raise DocumentError(f"Unknown content item {kind!r}.")


def _list(item: Mapping[str, Any]) -> Iterable[str]:
    if item["style"] == "bullet":
        opening, closing = "<ul>", "</ul>"
    else:
        kind = ' type="a"' if item["style"] == "letter" else ""
        start = f' start="{int(item["start"])}"' if item["start"] != 1 else ""
        opening, closing = f"<ol{kind}{start}>", "</ol>"
    yield opening
    for spans in item["items"]:
        yield f"<li>{_spans(spans)}</li>"
    yield closing


def _fields(rows: list[list[Any]]) -> Iterable[str]:
    yield '<dl class="dpa-fields">'
    for label, lines in rows:
        yield f"<div><dt>{_e(label)}</dt><dd>{_lines(lines)}</dd></div>"
    yield "</dl>"


def _table(columns: list[str], rows: list[list[list[str]]]) -> Iterable[str]:
    yield '<div class="dpa-table-wrap"><table class="dpa-table">'
    header = "".join(f'<th scope="col">{_e(column)}</th>' for column in columns)
    yield f"<thead><tr>{header}</tr></thead>"
    yield "<tbody>"
    for row in rows:
        cells = "".join(f"<td>{_lines(cell)}</td>" for cell in row)
        yield f"<tr>{cells}</tr>"
    yield "</tbody></table></div>"


def _spans(spans: list[Mapping[str, Any]]) -> str:
    return "".join(
        f"<em>{_e(span['text'])}</em>" if span["emphasis"] else _e(span["text"])
        for span in spans
    )


def _lines(lines: list[str]) -> str:
    return "<br>".join(_e(line) for line in lines)


def _e(value: object) -> str:
    return escape(str(value), quote=True)
