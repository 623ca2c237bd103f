"""A reminder run over 100,000 organisations: the hourly task and its chunks.

Reuses the fixture of ``bench_campaigns`` (an administrator, DPA settings and
a signed DPA 1.0 per organisation), publishes the next major version and moves
its deadline to six and a half days away, so that the "7 days" reminder is due
for every organisation. Measured: the hourly run, which only queues one task
per chunk, and the chunks done one after another in this process, as one
worker would; then a second pass over the same chunks, which must find every
reminder recorded and queue nothing. The notices of the campaign are dropped
unsent, as they are not what is measured.

``DPAPORTAL_BENCH_ORGANISATIONS`` sets a smaller number for a quick try.
"""

from __future__ import annotations

import math
import time
from datetime import timedelta
from typing import Any

from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bench.bench_campaigns import (
    ORGANISATIONS,
    discard_queued_notifications,
    ensure_organisations,
    next_major_draft,
    staff_user,
)
from bench.timing import Figure
from dpaportal.campaigns.models import Campaign, CampaignKind
from dpaportal.campaigns.services import publish_with_campaign
from dpaportal.campaigns.tasks import (
    REMINDER_CHUNK,
    remind_organisations,
    send_due_reminders,
)
from dpaportal.mail import deliver_email

LEASE_S = 15 * 60
"""A chunk must end well within the task lease, or a second worker takes it."""


def measure() -> list[Figure]:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    ensure_organisations(ORGANISATIONS)
    fixture_s = time.perf_counter() - started
    campaign = reminders_due_campaign()
    organisations = campaign.requirements.count()
    expected_chunks = math.ceil(organisations / REMINDER_CHUNK)

    started = time.perf_counter()
    send_due_reminders.call()
    dispatch_s = time.perf_counter() - started
    chunks = list(chunk_tasks().ready())
    if expected_chunks > 1:
        assert len(chunks) == expected_chunks, (len(chunks), expected_chunks)

    slowest_s, total_s = run_chunks(chunks)
    reminders = queued_reminders()
    assert reminders >= organisations, (reminders, organisations)
    again_s, _ = run_chunks(chunks)
    assert queued_reminders() == reminders, "a chunk run twice reminded again"
    # A later benchmark's workers must not send these reminders.
    reminder_mail().delete()
    chunk_tasks().delete()

    note = (
        f"{connection.vendor}; {organisations:,} organisations in "
        f"{max(len(chunks), 1)} chunks of {REMINDER_CHUNK}; "
        f"fixture built in {fixture_s:.0f} s"
    )
    return [
        Figure(
            "hourly reminder run, queueing the chunks",
            dispatch_s,
            "s",
            runs=1,
            goal=60,
            note=note,
        ),
        Figure(
            "slowest reminder chunk",
            slowest_s,
            "s",
            runs=1,
            goal=LEASE_S / 10,
            note=f"{note}; the lease is {LEASE_S} s",
        ),
        Figure("all reminder chunks, one worker", total_s, "s", runs=1, note=note),
        Figure(
            "all reminder chunks again, nothing to send",
            again_s,
            "s",
            runs=1,
            note=note,
        ),
    ]


def reminders_due_campaign() -> Campaign:
    staff = staff_user()
    draft, _ = next_major_draft(staff)
    campaign = publish_with_campaign(draft, CampaignKind.MAJOR, staff, 30)
    discard_queued_notifications()
    Campaign.objects.filter(pk=campaign.pk).update(
        deadline=timezone.now() + timedelta(days=6, hours=12)
    )
    # Earlier campaigns of a previous run must not be reminded as well.
    Campaign.objects.exclude(pk=campaign.pk).update(deadline=timezone.now())
    return campaign


def run_chunks(chunks: list[DBTaskResult]) -> tuple[float, float]:
    """Each chunk's task done here; the slowest chunk and all of them, in s."""
    if not chunks:  # a run of one chunk did it at once
        return 0.0, 0.0
    slowest = 0.0
    started = time.perf_counter()
    for chunk in chunks:
        chunk_started = time.perf_counter()
        remind_organisations.call(**chunk.args_kwargs["kwargs"])
        slowest = max(slowest, time.perf_counter() - chunk_started)
    return slowest, time.perf_counter() - started


def chunk_tasks() -> Any:
    return DBTaskResult.objects.filter(task_path=remind_organisations.module_path)


def reminder_mail() -> Any:
    return DBTaskResult.objects.filter(
        task_path=deliver_email.module_path,
        args_kwargs__kwargs__kind="campaign_reminder",
    )


def queued_reminders() -> int:
    return int(reminder_mail().count())
