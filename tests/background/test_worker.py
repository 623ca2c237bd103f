from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from dpaportal.mail import deliver_email

pytestmark = pytest.mark.django_db(transaction=True)

QUEUED = {
    "kind": "test",
    "subject": "Hello",
    "body": "A queued message.",
    "recipients": ["someone@example.org"],
    "attempt": 1,
}


def queue_on_the_database() -> None:
    deliver_email.using(backend="database").enqueue(**QUEUED)


def run_worker() -> None:
    call_command("worker", "--batch", "--backend", "database", "--interval", "0")


def test_an_e_mail_waits_in_the_queue_until_the_worker_sends_it() -> None:
    queue_on_the_database()

    assert mail.outbox == []
    assert DBTaskResult.objects.ready().count() == 1
    run_worker()

    assert [message.subject for message in mail.outbox] == ["Hello"]
    assert DBTaskResult.objects.successful().count() == 1


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    EMAIL_HOST="127.0.0.1",
    EMAIL_PORT=9,
    EMAIL_TIMEOUT=2,
)
def test_a_mail_server_that_does_not_answer_is_tried_again_later() -> None:
    queue_on_the_database()

    run_worker()

    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now() + timedelta(seconds=50)
    assert DBTaskResult.objects.successful().count() == 1


def test_a_task_left_running_by_a_killed_worker_is_picked_up_again() -> None:
    queue_on_the_database()
    abandoned = DBTaskResult.objects.get()
    abandoned.claim("a-worker-that-was-killed")
    DBTaskResult.objects.filter(pk=abandoned.pk).update(
        started_at=timezone.now() - timedelta(hours=1)
    )

    run_worker()

    assert [message.subject for message in mail.outbox] == ["Hello"]
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_a_task_running_within_its_lease_is_left_alone() -> None:
    queue_on_the_database()
    DBTaskResult.objects.get().claim("a-live-worker")

    run_worker()

    assert mail.outbox == []
    assert DBTaskResult.objects.get().status == TaskResultStatus.RUNNING


def test_two_workers_at_once_run_each_task_exactly_once() -> None:
    for number in range(30):
        deliver_email.using(backend="database").enqueue(
            **(QUEUED | {"subject": f"Message {number}"})
        )
    errors: list[BaseException] = []

    def work() -> None:
        # The worker loop itself: the command would install signal handlers,
        # which only the main thread may do.
        try:
            Worker(
                queue_names=["default"],
                interval=0,
                batch=True,
                backend_name="database",
                startup_delay=False,
                max_tasks=None,
                worker_id=f"thread-{threading.get_ident()}",
                excluded_queue_names=[],
            ).run()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)

    assert errors == []
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == sorted(f"Message {number}" for number in range(30))
    assert DBTaskResult.objects.successful().count() == 30
