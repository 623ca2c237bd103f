"""Giving back tasks whose worker died while running them."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def requeue_abandoned_tasks() -> int:
    """Make tasks that have run longer than the lease ready to run again.

    A worker that is killed mid-task leaves its task RUNNING for ever; no live
    worker would pick it up. Tasks must therefore be safe to run twice, which
    ours are: each checks what it already did before doing it.
    """
    cutoff = timezone.now() - timedelta(minutes=settings.TASK_LEASE_MINUTES)
    count = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).update(status=TaskResultStatus.READY, started_at=None)
    if count:
        logger.warning("tasks.requeued", extra={"count": count})
    return count
