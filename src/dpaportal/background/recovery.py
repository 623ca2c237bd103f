"""Giving back tasks whose worker died while running them."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connections
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
    cutoff = timezone.now() - settings.TASK_LEASE
    count = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).update(status=TaskResultStatus.READY, started_at=None)
    if count:
        logger.warning("tasks.requeued", extra={"count": count})
    return count


@contextmanager
def requeuing_abandoned_tasks() -> Iterator[None]:
    """Give back abandoned tasks every half lease while the block runs.

    Done beside the worker loop, in a thread of its own, because the loop of
    django-tasks-db offers no hook and may be busy with a long task. Without
    it, the task of a killed worker would wait for some worker to restart.
    """
    stopped = threading.Event()
    sweeper = threading.Thread(
        target=sweep_until, args=(stopped,), name="requeue-abandoned", daemon=True
    )
    sweeper.start()
    try:
        yield
    finally:
        stopped.set()
        sweeper.join(timeout=5)


def sweep_until(stopped: threading.Event) -> None:
    while not stopped.wait(settings.TASK_LEASE.total_seconds() / 2):
        try:
            requeue_abandoned_tasks()
        except DatabaseError:
            # A database that is away now may be back at the next sweep.
            logger.exception("tasks.requeue_failed")
        finally:
            # The thread's own connection: idle for half a lease, it would
            # only hold a slot of the server's.
            connections.close_all()
