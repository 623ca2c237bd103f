"""Reminder runs that the worker queues on its own, so no cron job is needed."""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager

from django.conf import settings
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult

from dpaportal.background.periodic import every
from dpaportal.campaigns.tasks import send_due_reminders

logger = logging.getLogger(__name__)


def queue_reminders_when_due(backend: str) -> bool:
    """Queue a reminder run unless one was queued within the last check period.

    Several workers may all ask; the check keeps them to about one run per
    period, and a second run would send nothing twice anyway, because each
    reminder is recorded once per person and version.
    """
    since = timezone.now() - settings.REMINDER_CHECK
    if DBTaskResult.objects.filter(
        task_path=send_due_reminders.module_path,
        backend_name=backend,
        enqueued_at__gte=since,
    ).exists():
        return False
    send_due_reminders.using(backend=backend).enqueue()
    logger.info("campaign.reminders_queued", extra={"backend": backend})
    return True


def scheduling_reminders(backend: str) -> AbstractContextManager[None]:
    """Queue reminder runs every check period while the block runs."""
    if not task_backends[backend].supports_defer:
        raise ValueError(f"backend {backend!r} is not a queue")
    return every(
        settings.REMINDER_CHECK,
        lambda: queue_reminders_when_due(backend),
        "reminders",
    )
