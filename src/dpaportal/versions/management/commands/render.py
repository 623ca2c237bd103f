"""``dpaportal render``: write one DPA document as PDF or HTML."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dpaportal.agreements.snapshots import organisation_snapshot, specimen_snapshot
from dpaportal.documents.html import render_html
from dpaportal.documents.pdf import render_pdf
from dpaportal.errors import DomainError
from dpaportal.organisations.models import Organisation
from dpaportal.versions.rules import LANGUAGES
from dpaportal.versions.services import find_version


class Command(BaseCommand):
    help = (
        "Renders a DPA version as PDF (or HTML), for an organisation or, "
        "without --organisation, with the controller's details left blank."
    )

    def create_parser(
        self, prog_name: str, subcommand: str, **kwargs: Any
    ) -> CommandParser:
        # Django's own --version (of Django) gives way to the DPA version.
        return super().create_parser(
            prog_name, subcommand, conflict_handler="resolve", **kwargs
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--version", dest="number", required=True, help="e.g. 1.0")
        parser.add_argument("--lang", required=True, help="en or de")
        parser.add_argument("--organisation", help="the organisation's short name")
        parser.add_argument("--draft", action="store_true", help="mark as draft")
        parser.add_argument("--html", action="store_true", help="write HTML")
        parser.add_argument(
            "-o", "--output", required=True, help="file, or - for stdout"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            content = self.render(options)
        except DomainError as error:
            raise CommandError(error.message, returncode=2) from None
        if options["output"] == "-":
            sys.stdout.buffer.write(content)
            return
        try:
            Path(options["output"]).write_bytes(content)
        except OSError as error:
            raise CommandError(
                f"cannot write {options['output']}: {error.strerror}", returncode=2
            ) from None
        self.stderr.write(f"wrote {options['output']} ({len(content)} bytes)")

    def render(self, options: dict[str, Any]) -> bytes:
        language = options["lang"]
        if language not in LANGUAGES:
            raise DomainError(f"unknown language {language!r}: use en or de")
        version = find_version(options["number"])
        if options["organisation"]:
            organisation = Organisation.objects.filter(
                slug=options["organisation"]
            ).first()
            if organisation is None:
                raise DomainError(f"unknown organisation {options['organisation']!r}")
            snapshot = organisation_snapshot(
                organisation, version, draft=options["draft"], language=language
            )
        else:
            snapshot = specimen_snapshot(version, language, draft=options["draft"])
        if options["html"]:
            return render_html(snapshot).encode()
        return render_pdf(snapshot)
