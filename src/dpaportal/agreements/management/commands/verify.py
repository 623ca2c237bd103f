"""``dpaportal verify FILE.pdf``: exit 0 only for an intact DPA this portal issued."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dpaportal.agreements.verification import verify_signed_pdf

NOT_VALID = 1
NOT_A_PDF = 2


class Command(BaseCommand):
    help = (
        "Checks the seal of a signed DPA and that this portal issued it. "
        "Exit 0: valid; 1: changed, unsealed, untrusted or unknown; 2: not a PDF."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            pdf = path.read_bytes()
        except OSError as error:
            raise CommandError(
                f"cannot read {path}: {error.strerror}", returncode=2
            ) from None

        verdict = verify_signed_pdf(pdf)
        if not verdict.is_pdf:
            raise CommandError(f"{path}: not a PDF", returncode=NOT_A_PDF)
        if not verdict.valid or verdict.agreement is None:
            raise CommandError(f"{path}: {verdict.problem}", returncode=NOT_VALID)
        agreement = verdict.agreement
        sealed_at = verdict.report.signing_time
        lines = [
            f"valid: a signed DPA issued by this portal ({path})",
            f"organisation:  {agreement.organisation.name}",
            f"version:       {agreement.version.number}",
            f"language:      {agreement.language}",
            f"document:      {agreement.document_identifier}",
            f"signer:        {agreement.signer_name} <{agreement.signer_email}>",
            f"signed at:     {agreement.signed_at.isoformat()}",
            f"sealed at:     {sealed_at.isoformat() if sealed_at else '-'}",
            f"seal level:    PAdES {verdict.report.level}",
            f"sealed by:     {verdict.report.signer}",
        ]
        self.stdout.write("\n".join(lines))
