"""Which characters the PDF can show, and what it shows for the others.

PDF/A forbids drawing a character with a font's empty ``.notdef`` glyph
(ISO 19005-2, 6.2.11.8), so Typst refuses to export a document with a
character no font covers: a single emoji in a company name would make the
document impossible. The PDF therefore shows U+FFFD (the replacement
character) instead of characters outside the scripts its fonts cover:
Latin, Greek, Cyrillic (Libertinus Serif), Hebrew (Libertinus Serif) and
Arabic (Amiri, or DejaVu Sans Mono inside Typst). The HTML shows them all.
"""

from __future__ import annotations

import re
import threading

REPLACEMENT = "\ufffd"

_COVERED_RANGES = (
    "\n",
    "\u0020-\u007e",  # Basic Latin
    "\u00a0-\u036f",  # Latin-1 to Latin Extended-B, IPA, modifiers, combining
    "\u0370-\u03ff",  # Greek
    "\u0400-\u052f",  # Cyrillic and its supplement
    "\u0590-\u05ff",  # Hebrew
    "\u0600-\u06ff\u0750-\u077f",  # Arabic and its supplement
    "\u1e00-\u1fff",  # Latin Extended Additional, Greek Extended
    "\u2000-\u206f",  # General Punctuation
    "\u20a0-\u20cf",  # Currency Symbols
    "\u2100-\u22ff",  # Letterlike, Number Forms, Arrows, Mathematical Operators
    "\ufb00-\ufdff",  # Alphabetic and Arabic Presentation Forms-A
    "\ufe70-\ufeff",  # Arabic Presentation Forms-B
    REPLACEMENT,
)
_UNCOVERED = re.compile("[^" + "".join(_COVERED_RANGES) + "]")

# Characters inside the covered ranges that a font still lacked, learnt from
# Typst's refusals; kept for the life of the process.
_lacking: set[str] = set()
_lacking_lock = threading.Lock()
_REFUSAL = re.compile(r'the text `"(.+?)"` could not be displayed')


def printable(text: str) -> str:
    """``text`` with every character the PDF cannot show replaced by U+FFFD."""
    text = _UNCOVERED.sub(REPLACEMENT, text)
    if _lacking:
        text = text.translate({ord(char): REPLACEMENT for char in _lacking})
    return text


def learn_from_refusal(message: str) -> bool:
    """Remember the characters a Typst PDF/A refusal names; False if none."""
    found = _REFUSAL.search(message)
    if found is None or "\\" in found[1]:
        return False
    with _lacking_lock:
        _lacking.update(found[1])
    return True
