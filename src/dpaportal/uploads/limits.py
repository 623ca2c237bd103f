"""What one upload of a signed DPA may be: the limits the customer is told."""

from __future__ import annotations

MAX_FILES = 20
"""Images per upload; a PDF comes alone."""

MAX_TOTAL_BYTES = 20 * 1024 * 1024
"""All files together, checked before any of them is parsed."""

MAX_PAGES = 60
"""Pages of an uploaded PDF; images, one page each, stay within MAX_FILES."""

MAX_PIXELS = 40_000_000
"""Per image: a 600 dpi A4 scan has 35 million; more is a decompression bomb."""
