"""Read the text of the PDFs that Typst writes, exactly and without guessing.

General text extractors guess spaces and reading order from positions and
stumble over right-to-left runs. Typst's output is regular: one text object
per shaped run, glyphs mapped to Unicode through ToUnicode, page furniture
(footer, background) marked as ``/Artifact``. So this reader decodes each run
through its font's ToUnicode map, puts a right-to-left run back into logical
order, and joins runs by their positions: a run that starts where the last
one ended continues it, a gap on the same line is a space, another line is
a line break.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal

import pikepdf

_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LTR = re.compile(r"[A-Za-z\u00c0-\u024f]")


@dataclass(frozen=True)
class Run:
    """One shown string with where it starts and ends on the page."""

    text: str
    x: float
    end_x: float
    y: float
    artifact: bool
    font: str
    missing_glyphs: int


@dataclass
class _Font:
    name: str
    unicode: dict[int, str]
    widths: dict[int, float]
    default_width: float


def pages_runs(pdf: bytes) -> list[list[Run]]:
    """The runs of every page, in content order."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return [_page_runs(page) for page in document.pages]


def page_texts(pdf: bytes, *, artifacts: bool = True) -> list[str]:
    """The text of every page; without artifacts if asked."""
    return [
        join_runs([run for run in runs if artifacts or not run.artifact])
        for runs in pages_runs(pdf)
    ]


def join_runs(runs: list[Run]) -> str:
    """Join runs into lines by their positions."""
    out: list[str] = []
    previous: Run | None = None
    for run in runs:
        if previous is not None:
            if abs(run.y - previous.y) > 1.0:
                out.append("\n")
            elif abs(run.x - previous.end_x) > 1.0:
                out.append(" ")
        out.append(run.text)
        previous = run
    return "".join(out)


def _page_runs(page: pikepdf.Page) -> list[Run]:
    fonts = {
        str(name): _font(str(font.get("/BaseFont", name)), font)
        for name, font in page.Resources.get("/Font", {}).items()
    }
    runs: list[Run] = []
    ctm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    saved: list[tuple[float, ...]] = []
    marks: list[str] = []
    text_matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    font: _Font | None = None
    size = 0.0
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            saved.append(ctm)
        elif op == "Q":
            ctm = saved.pop()
        elif op == "cm":
            ctm = _multiply(tuple(_num(value) for value in operands), ctm)
        elif op in ("BDC", "BMC"):
            marks.append(str(operands[0]))
        elif op == "EMC":
            marks.pop()
        elif op == "Tf":
            font, size = fonts[str(operands[0])], _num(operands[1])
        elif op == "Tm":
            text_matrix = tuple(_num(value) for value in operands)
        elif op in ("Tj", "TJ") and font is not None:
            parts = [operands[0]] if op == "Tj" else list(operands[0])
            matrix = _multiply(text_matrix, ctm)
            runs.append(_run(parts, font, size, matrix, "/Artifact" in marks))
    return runs


def _run(
    parts: list[object],
    font: _Font,
    size: float,
    matrix: tuple[float, ...],
    artifact: bool,
) -> Run:
    glyphs: list[str] = []
    advance = 0.0
    missing = 0
    for part in parts:
        if isinstance(part, pikepdf.String):
            data = bytes(part)
            for index in range(0, len(data), 2):
                code = int.from_bytes(data[index : index + 2], "big")
                missing += code == 0
                glyphs.append(font.unicode.get(code, "\ufffd"))
                advance += font.widths.get(code, font.default_width) / 1000 * size
        else:
            advance -= _num(part) / 1000 * size
    text = "".join(glyphs)
    if _RTL.search(text) and not _LTR.search(text):
        # Typst shows right-to-left runs in visual order; read them back.
        text = "".join(reversed(glyphs))
    x, y = matrix[4], matrix[5]
    return Run(text, x, x + advance * matrix[0], y, artifact, font.name, missing)


def _font(name: str, font: pikepdf.Object) -> _Font:
    unicode: dict[int, str] = {}
    if "/ToUnicode" in font:
        cmap = font.ToUnicode.read_bytes().decode("latin-1")
        for section in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
            for code, target in re.findall(r"<(\w+)>\s*<(\w+)>", section):
                unicode[int(code, 16)] = bytes.fromhex(target).decode("utf-16-be")
        for section in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.DOTALL):
            for first, last, target in re.findall(
                r"<(\w+)>\s*<(\w+)>\s*<(\w+)>", section
            ):
                start = int(target, 16)
                for offset in range(int(last, 16) - int(first, 16) + 1):
                    unicode[int(first, 16) + offset] = chr(start + offset)
    widths: dict[int, float] = {}
    default_width = 1000.0
    if "/DescendantFonts" in font:
        descendant = font.DescendantFonts[0]
        default_width = _num(descendant.get("/DW", 1000))
        widths = _cid_widths(list(descendant.get("/W", [])))
    return _Font(name, unicode, widths, default_width)


def _cid_widths(array: list[object]) -> dict[int, float]:
    widths: dict[int, float] = {}
    index = 0
    while index < len(array):
        first = int(_num(array[index]))
        following = array[index + 1]
        if isinstance(following, pikepdf.Array):
            for offset, width in enumerate(following):
                widths[first + offset] = _num(width)
            index += 2
        else:
            last, width = int(_num(following)), _num(array[index + 2])
            for code in range(first, last + 1):
                widths[code] = width
            index += 3
    return widths


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _num(value: object) -> float:
    if isinstance(value, int | float | Decimal):
        return float(value)
    return float(str(value))
