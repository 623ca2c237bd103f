"""The QR code in every page's footer: which document, and exactly which text.

A page printed, signed by hand and scanned is matched to the issued document
by this code, so it carries the identifier and the full fingerprint. Its
text is made from those two values only, never from a value a user typed.
"""

from __future__ import annotations

import functools
import io

import segno

QR_ERROR_CORRECTION = "M"
"""Level M restores about 15 % of the symbol: a fold or a stamp, not a tear."""

QR_BORDER = 4
"""The quiet zone in modules, as ISO/IEC 18004 requires around the symbol."""


def qr_text(identifier: str, digest: str) -> str:
    """The text of the code, e.g. ``DPA-1.0-EN-3F9A0C12D4 SHA256:3F9A…``.

    Upper case throughout: with only digits, capitals, space, ``-``, ``.``
    and ``:`` the code uses the alphanumeric mode, whose symbol for this text
    is one version (four modules a side) smaller than in byte mode, so each
    module prints larger. Readers compare the fingerprint case-insensitively.
    """
    return f"{identifier} SHA256:{digest}".upper()


QR_MASK = 2


@functools.lru_cache(maxsize=256)
def qr_svg(identifier: str, digest: str) -> str:
    """The code as a small SVG: black modules on white, quiet zone included."""
    code = segno.make_qr(
        qr_text(identifier, digest),
        error=QR_ERROR_CORRECTION,
        boost_error=False,
        # A fixed mask spares trying all eight (most of segno's time, measured
        # at 5 ms a document); every mask gives a valid code, and a printed
        # footer code this size scans well with any of them.
        mask=QR_MASK,
    )
    out = io.BytesIO()
    # The white background keeps the quiet zone white over a draft mark.
    code.save(
        out,
        kind="svg",
        border=QR_BORDER,
        dark="#000",
        light="#fff",
        xmldecl=False,
        svgclass=None,
        lineclass=None,
        nl=False,
    )
    return out.getvalue().decode("ascii")
