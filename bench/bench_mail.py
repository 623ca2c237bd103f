"""Two workers send campaign notices to a real SMTP server on 127.0.0.1.

Ten notification chunks of 500 organisations, one administrator each, are
queued; two ``dpaportal worker --batch`` processes run them against an
aiosmtpd server in a thread of this process that only counts what it gets.
The clock runs from starting the workers until the server has every message,
so it includes the workers' start-up. Goal: 200 e-mails per second or more.

Reuses the organisations of bench_campaigns when they exist (same process or
same database), else builds 5,000 of them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from bench.bench_campaigns import (
    SLUG_PREFIX,
    ensure_organisations,
    latest_major_campaign,
    next_major_draft,
    notification_tasks,
    staff_user,
)
from bench.timing import Figure
from dpaportal.campaigns.models import (
    Campaign,
    CampaignKind,
    NoticeSent,
    ResignRequirement,
)
from dpaportal.campaigns.services import NOTIFICATION_CHUNK, publish_with_campaign
from dpaportal.campaigns.tasks import notify_organisations, people_to_tell

CHUNKS = 10
WORKERS = 2
TIMEOUT_S = 180
ROOT = Path(__file__).resolve().parent.parent


def measure() -> list[Figure]:
    try:
        from aiosmtpd.controller import Controller
    except ImportError as error:  # pragma: no cover - a dev dependency
        raise SystemExit(
            "bench_mail needs aiosmtpd: pip install -e '.[dev]'"
        ) from error

    call_command("migrate", verbosity=0)
    ensure_organisations(CHUNKS * NOTIFICATION_CHUNK)
    campaign = bench_campaign()
    expected = queue_chunks(campaign)
    logs = Path(os.environ["DPAPORTAL_BENCH_DIR"]) / "mail-workers"
    logs.mkdir(parents=True, exist_ok=True)

    handler = CountingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        connection.close()  # the workers have the database to themselves
        started = time.monotonic()
        workers = start_workers(port, logs)
        try:
            done = handler.wait_for(expected, started + TIMEOUT_S, workers)
            if done is None:
                raise AssertionError(
                    f"{handler.count} of {expected} e-mails after "
                    f"{time.monotonic() - started:.0f} s; worker logs in {logs}"
                )
            seconds = done - started
            codes = [worker.wait(timeout=30) for worker in workers]
        finally:
            stop(workers)
        assert codes == [0] * WORKERS, (codes, str(logs))
    finally:
        controller.stop()
    assert handler.count == expected, (handler.count, expected)

    tasks = list(
        notification_tasks().filter(args_kwargs__kwargs__campaign_id=campaign.pk)
    )
    assert all(task.status == TaskResultStatus.SUCCESSFUL for task in tasks), [
        task.status for task in tasks
    ]
    per_worker = Counter(task.worker_ids[-1] for task in tasks)
    assert len(per_worker) == WORKERS, per_worker  # both workers took chunks
    per_second = expected / seconds
    sending = handler.last - handler.first if handler.first and handler.last else 0
    note = (
        f"{connection.vendor}; {expected:,} e-mails in {CHUNKS} chunks, "
        f"{WORKERS} workers ran {sorted(per_worker.values())} chunks; "
        f"{seconds:.1f} s from starting the workers, "
        f"{expected / sending if sending else 0:.0f}/s first to last message"
    )
    return [
        Figure(
            "two workers: e-mails per second to a local SMTP server",
            per_second,
            "/s",
            goal=200,
            runs=1,
            note=note,
            higher_is_better=True,
        ),
    ]


def bench_campaign() -> Campaign:
    """The latest major campaign, or a new one publishing the next major."""
    campaign = latest_major_campaign()
    if campaign is None:
        staff = staff_user()
        draft, _ = next_major_draft(staff)
        campaign = publish_with_campaign(draft, CampaignKind.MAJOR, staff, 30)
    return campaign


def queue_chunks(campaign: Campaign) -> int:
    """Queue exactly CHUNKS notification tasks; return how many e-mails they send."""
    # The bench database is thrown away: nothing else queued may add e-mails,
    # neither the campaign's own chunks nor other benchmarks' leftovers.
    DBTaskResult.objects.ready().delete()
    # Notices recorded by an earlier run on this database would be skipped.
    NoticeSent.objects.filter(campaign=campaign).delete()
    ids = list(
        ResignRequirement.objects.filter(
            campaign=campaign, organisation__slug__startswith=SLUG_PREFIX
        )
        .order_by("organisation_id")
        .values_list("organisation_id", flat=True)[: CHUNKS * NOTIFICATION_CHUNK]
    )
    assert len(ids) == CHUNKS * NOTIFICATION_CHUNK, len(ids)
    expected = 0
    for start in range(0, len(ids), NOTIFICATION_CHUNK):
        chunk = ids[start : start + NOTIFICATION_CHUNK]
        expected += sum(len(people) for people in people_to_tell(chunk).values())
        notify_organisations.enqueue(campaign_id=campaign.pk, organisation_ids=chunk)
    assert DBTaskResult.objects.ready().count() == CHUNKS
    assert expected >= CHUNKS * NOTIFICATION_CHUNK, expected
    return expected


class CountingHandler:
    """An SMTP handler that accepts every message and only counts it."""

    def __init__(self) -> None:
        self.count = 0
        self.first = 0.0
        self.last = 0.0
        self._changed = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        now = time.monotonic()
        with self._changed:
            self.count += 1
            self.first = self.first or now
            self.last = now
            self._changed.notify_all()
        return "250 Message accepted"

    def wait_for(
        self, expected: int, deadline: float, workers: list[subprocess.Popen[bytes]]
    ) -> float | None:
        """The moment the ``expected``-th message came in, or None on time-out."""
        with self._changed:
            while self.count < expected:
                if time.monotonic() > deadline:
                    return None
                if all(worker.poll() is not None for worker in workers):
                    # Give messages in flight a moment, then give up.
                    self._changed.wait(2)
                    return self.last if self.count >= expected else None
                self._changed.wait(0.2)
            return self.last


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def worker_environment(port: int) -> dict[str, str]:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    env["DPAPORTAL_BENCH_EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, [env.get("PYTHONPATH")])]
    )
    if connection.vendor == "sqlite":
        # bench.settings gives every process a database of its own; the
        # workers must share this one (WAL mode, IMMEDIATE transactions).
        env["DATABASE_URL"] = f"sqlite:///{settings.DATABASES['default']['NAME']}"
    return env


def start_workers(port: int, logs: Path) -> list[subprocess.Popen[bytes]]:
    env = worker_environment(port)
    workers = []
    for number in range(WORKERS):
        with (logs / f"worker-{number}.log").open("wb") as log:
            workers.append(
                subprocess.Popen(
                    [sys.executable, "-m", "dpaportal", "worker", "--batch"],
                    cwd=ROOT,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
    return workers


def stop(workers: list[subprocess.Popen[bytes]]) -> None:
    """End the workers this benchmark started that are still running."""
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
