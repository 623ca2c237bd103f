"""Real worker processes on the test database: one is killed mid-task."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from dpaportal.accounts.models import User
from dpaportal.campaigns.models import Campaign, ReminderSent
from dpaportal.campaigns.tasks import send_due_reminders
from dpaportal.mail import deliver_email
from dpaportal.organisations.models import Organisation
from dpaportal.versions.models import DpaVersion
from tests.background.campaign_data import move_deadline, publish_major, signed_dpa
from tests.background.stalling import send_due_reminders_stalling_half_way

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
WORKER = [sys.executable, "-m", "dpaportal", "worker", "--backend", "database"]
T = TypeVar("T")


@pytest.fixture
def reminders_due(
    version: DpaVersion,
    alice: User,
    muster: Organisation,
    charlie: User,
    other_organisation: Organisation,
    lena: User,
) -> Campaign:
    """alice of Muster GmbH and charlie of Other Ltd owe a signature in 20 hours."""
    signed_dpa(muster, version, alice)
    signed_dpa(other_organisation, version, charlie)
    campaign = publish_major(lena)
    move_deadline(campaign, 20 / 24)
    return campaign


@pytest.fixture
def hourly_run_done() -> None:
    """The workers' own reminder run of this hour has already finished.

    Otherwise each worker queues one as it starts, which then races the test's
    stalling run for the same reminders and may leave it nothing to stall on.
    """
    now = timezone.now()
    DBTaskResult.objects.create(
        task_path=send_due_reminders.module_path,
        backend_name="database",
        status=TaskResultStatus.SUCCESSFUL,
        args_kwargs={"args": [], "kwargs": {}},
        run_after=now,
        started_at=now,
        finished_at=now,
    )


@pytest.fixture
def workers(
    hourly_run_done: None, tmp_path: Path
) -> Iterator[dict[str, subprocess.Popen[bytes]]]:
    """Two `dpaportal worker` processes on the test database, named by their ids."""
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "tests.background.worker_settings"
    env["DPAPORTAL_TEST_DATABASE_NAME"] = str(connection.settings_dict["NAME"])
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    started = {}
    for name in ("first", "second"):
        with (tmp_path / f"{name}.log").open("wb") as log:
            started[name] = subprocess.Popen(
                [*WORKER, "--interval", "0.1", "--worker-id", name],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
    yield started
    for worker in started.values():
        if worker.poll() is None:
            worker.terminate()
    for worker in started.values():
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def eventually(check: Callable[[], T | None], logs: Path, seconds: float = 15) -> T:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        outcome = check()
        if outcome is not None:
            return outcome
        time.sleep(0.05)
    raise AssertionError(f"still waiting after {seconds} s\n{worker_logs(logs)}")


def stalled_in(task_id: str) -> str | None:
    """The worker running the task once it has reminded someone."""
    task = DBTaskResult.objects.get(pk=task_id)
    if task.status == TaskResultStatus.RUNNING and ReminderSent.objects.exists():
        return str(task.worker_ids[-1])
    return None


def finished(task_id: str) -> DBTaskResult | None:
    task = DBTaskResult.objects.get(pk=task_id)
    return task if task.status == TaskResultStatus.SUCCESSFUL else None


def worker_logs(tmp_path: Path) -> str:
    return "\n".join(
        f"--- {log.name}\n{log.read_text(errors='replace')}"
        for log in sorted(tmp_path.glob("*.log"))
    )


def queued_reminders() -> list[str]:
    return sorted(
        task.args_kwargs["kwargs"]["recipients"][0]
        for task in DBTaskResult.objects.filter(task_path=deliver_email.module_path)
    )


def test_a_task_of_a_killed_worker_is_finished_by_another_reminding_nobody_twice(
    reminders_due: Campaign,
    workers: dict[str, subprocess.Popen[bytes]],
    tmp_path: Path,
) -> None:
    task_id = (
        send_due_reminders_stalling_half_way.using(backend="database").enqueue().id
    )
    killed = eventually(lambda: stalled_in(task_id), tmp_path)
    [reminded_first] = queued_reminders()

    workers[killed].kill()
    workers[killed].wait()

    # The other worker, running all along, takes the task once its lease is
    # over; nothing but its periodic look for abandoned tasks gives it back.
    task = eventually(lambda: finished(task_id), tmp_path)
    [survivor] = set(workers) - {killed}
    assert task.worker_ids == [killed, survivor]
    assert queued_reminders() == ["alice@muster.example", "charlie@other.example"]
    assert queued_reminders().count(reminded_first) == 1
    assert ReminderSent.objects.count() == 2
