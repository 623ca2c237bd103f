"""The ``dpaportal`` command: Django's management commands with our settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, e.g. ``dpaportal verify-audit``."""
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dpaportal.settings")
    if len(argv) > 1 and argv[1] == "demo":
        os.environ.setdefault("DPAPORTAL_DEMO", "true")
    from django.core.management import execute_from_command_line

    from dpaportal.config import ConfigurationError

    try:
        execute_from_command_line(argv)
    except ConfigurationError as error:
        sys.stderr.write(f"dpaportal: configuration error: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
