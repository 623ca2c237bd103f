"""``dpaportal worker``: run background tasks from the database queue.

Several workers may run at once, on PostgreSQL on several machines: each
claims a task with SELECT ... FOR UPDATE SKIP LOCKED, so no task runs twice.
Each also gives back, every half lease, the tasks of workers that died, and
queues the reminders due once an hour, so that no cron job is needed.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from dpaportal.background.recovery import (
    requeue_abandoned_tasks,
    requeuing_abandoned_tasks,
)
from dpaportal.campaigns.schedule import (
    queue_reminders_when_due,
    scheduling_reminders,
)


class Command(BaseCommand):
    help = "Processes background tasks (e-mails, campaigns) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="Process what is queued, then exit."
        )
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument("--backend", default="default")
        parser.add_argument(
            "--worker-id", default=None, help="A name unique among the workers."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        requeue_abandoned_tasks()
        arguments = [
            "--interval",
            str(options["interval"]),
            "--backend",
            options["backend"],
            "--no-startup-delay",
        ]
        if options["max_tasks"]:
            arguments += ["--max-tasks", str(options["max_tasks"])]
        if options["worker_id"]:
            arguments += ["--worker-id", options["worker_id"]]
        if options["batch"]:
            call_command("db_worker", *arguments, "--batch")
            return

        queue_reminders_when_due(options["backend"])
        with (
            requeuing_abandoned_tasks(),
            scheduling_reminders(options["backend"]),
        ):
            call_command("db_worker", *arguments)
