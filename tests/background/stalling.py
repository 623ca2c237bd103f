"""A reminder run that stalls half-way, so that a test can kill its worker there."""

from __future__ import annotations

import time
from unittest import mock

from django_tasks import task

from dpaportal.campaigns import tasks as campaign_tasks
from dpaportal.campaigns.models import ResignRequirement

STALL_SECONDS = 60


@task()
def send_due_reminders_stalling_half_way() -> int:
    """send_due_reminders, stalled once an organisation was reminded while
    another still waits: the moment a worker killed mid-task leaves behind."""
    remind = campaign_tasks.remind

    def remind_then_stall(due: campaign_tasks.DueReminder, days_before: int) -> int:
        queued = remind(due, days_before)
        if queued and ResignRequirement.objects.filter(reminders__isnull=True).exists():
            time.sleep(STALL_SECONDS)
        return queued

    with mock.patch.object(campaign_tasks, "remind", remind_then_stall):
        return campaign_tasks.send_due_reminders.call()
