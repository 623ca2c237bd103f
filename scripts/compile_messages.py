"""Compile the translation catalogues (.po) to the binary form Django loads (.mo).

Uses polib rather than GNU msgfmt so that building needs no gettext binaries;
only refreshing the catalogues (``make messages``) does.
"""

from __future__ import annotations

from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "src" / "dpaportal" / "locale"


def compile_catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Write a django.mo next to every django.po and return the .mo paths."""
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/django.po")):
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


def main() -> None:
    written = compile_catalogues()
    if not written:
        raise SystemExit(f"compile_messages: no django.po found under {LOCALE_DIR}")

    for mo_path in written:
        print(f"compiled {mo_path.relative_to(LOCALE_DIR.parent.parent.parent)}")


if __name__ == "__main__":
    main()
