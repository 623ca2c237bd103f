"""Queued work in tests: the queue in the database, a pass of the worker, time
passing until deferred tasks are due, and a mail server that stops answering."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from unittest import mock

from django.core.mail import EmailMessage
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

# What production does: tasks wait in the database until a worker runs them.
QUEUE_IN_THE_DATABASE = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
)


def run_worker(backend: str = "default") -> None:
    """Run what is due, then stop."""
    call_command("worker", "--batch", "--backend", backend, "--interval", "0")


def deferred_until_later() -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, run_after__gt=timezone.now()
        )
    )


def time_passes() -> None:
    """Every deferred task becomes due."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(
        run_after=timezone.now()
    )


@contextmanager
def mail_server_down(after: int = 0) -> Iterator[None]:
    """The mail server takes ``after`` messages, then drops the connection."""
    accept = locmem.EmailBackend.send_messages
    left = after

    def send_messages(
        backend: locmem.EmailBackend, messages: Sequence[EmailMessage]
    ) -> int:
        nonlocal left
        for message in messages:
            if left == 0:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            left -= 1
            accept(backend, [message])
        return len(messages)

    with mock.patch.object(locmem.EmailBackend, "send_messages", send_messages):
        yield
