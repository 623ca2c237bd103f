"""``dpaportal verify-audit``: walk the audit chain and report the first break."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dpaportal.audit.services import verify_audit_log


class Command(BaseCommand):
    help = "Checks that no audit event was changed, removed or reordered."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_audit_log()
        if not report.intact:
            raise CommandError(
                f"audit log broken at sequence number {report.broken_at}: "
                f"{report.reason} ({report.count} events before it are intact)",
                returncode=1,
            )
        self.stdout.write(f"audit log intact: {report.count} events")
