"""Jobs a worker runs on a clock of its own, beside its task loop."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)


@contextmanager
def every(period: timedelta, job: Callable[[], object], name: str) -> Iterator[None]:
    """Run ``job`` every ``period`` in a thread while the block runs.

    A thread, because the loop of django-tasks-db offers no hook and may be
    busy with a long task when the job is due.
    """
    stopped = threading.Event()
    thread = threading.Thread(
        target=repeat, args=(stopped, period, job, name), name=name, daemon=True
    )
    thread.start()
    try:
        yield
    finally:
        stopped.set()
        thread.join(timeout=5)


def repeat(
    stopped: threading.Event, period: timedelta, job: Callable[[], object], name: str
) -> None:
    while not stopped.wait(period.total_seconds()):
        try:
            job()
        except DatabaseError:
            # A database that is away now may be back at the next turn.
            logger.exception("worker.periodic_failed", extra={"job": name})
        finally:
            # The thread's own connection: idle until the next turn, it would
            # only hold a slot of the server's.
            connections.close_all()
