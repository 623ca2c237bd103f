"""Giving back tasks whose worker died while running them."""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager

from django.conf import settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from dpaportal.background.periodic import every

logger = logging.getLogger(__name__)


def requeue_abandoned_tasks() -> int:
    """Make tasks that have run longer than the lease ready to run again.

    A worker that is killed mid-task leaves its task RUNNING for ever; no live
    worker would pick it up. Tasks must therefore be safe to run twice, which
    ours are: each checks what it already did before doing it.
    """
    cutoff = timezone.now() - settings.TASK_LEASE
    count = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).update(status=TaskResultStatus.READY, started_at=None)
    if count:
        logger.warning("tasks.requeued", extra={"count": count})
    return count


def requeuing_abandoned_tasks() -> AbstractContextManager[None]:
    """Give back abandoned tasks every half lease while the block runs.

    Without it, the task of a killed worker would wait for some worker to
    restart.
    """
    return every(settings.TASK_LEASE / 2, requeue_abandoned_tasks, "requeue")
