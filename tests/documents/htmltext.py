"""Read the text of the document's HTML as a reader sees it."""

from __future__ import annotations

from html.parser import HTMLParser

from dpaportal.documents.html import DRAFT_MARK_CLASS

# Elements that start a new line on screen; inline ones (em, strong) do not
# break words.
_BLOCKS = {
    "article", "header", "section", "h1", "h2", "h3", "p", "div", "ul", "ol",
    "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "br",
}  # fmt: skip
_VOID = {"br"}


class _TextReader(HTMLParser):
    def __init__(self, *, draft_mark: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.keep_draft_mark = draft_mark
        self.parts: list[str] = []
        self.tags: list[str] = []
        self.hidden_depth = 0
        self.lists: list[list[object]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag not in _VOID:
            self.tags.append(tag)
        hidden = DRAFT_MARK_CLASS in (attributes.get("class") or "").split()
        if self.hidden_depth or (hidden and not self.keep_draft_mark):
            self.hidden_depth += tag not in _VOID
            return
        if tag in _BLOCKS:
            self.parts.append("\n")
        if tag in ("ul", "ol"):
            start = int(attributes.get("start") or 1)
            self.lists.append([tag, attributes.get("type") or "1", start])
        elif tag == "li":
            self.parts.append(self._marker() + " ")

    def handle_endtag(self, tag: str) -> None:
        if self.tags and self.tags[-1] == tag:
            self.tags.pop()
        if self.hidden_depth:
            self.hidden_depth -= 1
            return
        if tag in ("ul", "ol"):
            self.lists.pop()
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden_depth:
            self.parts.append(data)

    def _marker(self) -> str:
        """The list marker a browser draws, as the PDF prints it."""
        current = self.lists[-1]
        kind, style, number = current
        if kind == "ul":
            return "•"
        assert isinstance(number, int)
        current[2] = number + 1
        return f"{chr(ord('a') + number - 1)}." if style == "a" else f"{number}."


def html_text(fragment: str, *, draft_mark: bool = True) -> str:
    """The text of an HTML fragment with list markers, lines at blocks."""
    reader = _TextReader(draft_mark=draft_mark)
    reader.feed(fragment)
    reader.close()
    return "".join(reader.parts)


def element_names(fragment: str) -> list[str]:
    """Every element name in ``fragment``, in document order."""
    names: list[str] = []

    class _Collector(HTMLParser):
        def handle_starttag(
            self, tag: str, attrs: list[tuple[str, str | None]]
        ) -> None:
            names.append(tag)

    collector = _Collector()
    collector.feed(fragment)
    collector.close()
    return names
