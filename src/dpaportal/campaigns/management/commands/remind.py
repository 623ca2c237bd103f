"""``dpaportal remind``: queue today's reminders (run it daily, e.g. from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dpaportal.campaigns.tasks import send_due_reminders


class Command(BaseCommand):
    help = "Queues the reminders due for open re-signing campaigns."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_due_reminders.enqueue()
        self.stdout.write(f"reminders queued as task {result.id}")
