from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dpaportal.accounts.models import User
from dpaportal.agreements.models import AgreementSettings
from dpaportal.campaigns import tasks as campaign_tasks
from dpaportal.campaigns.models import Campaign, CampaignKind, ReminderSent
from dpaportal.campaigns.schedule import queue_reminders_when_due
from dpaportal.campaigns.services import publish_with_campaign
from dpaportal.campaigns.tasks import send_due_reminders
from dpaportal.mail import deliver_email
from dpaportal.organisations.models import Organisation
from dpaportal.versions.models import DpaVersion
from dpaportal.versions.services import renumber_draft, start_draft
from tests.background.campaign_data import move_deadline, publish_major, signed_dpa
from tests.background.queue import (
    QUEUE_IN_THE_DATABASE,
    deferred_until_later,
    mail_server_down,
    run_worker,
    time_passes,
)

pytestmark = pytest.mark.django_db(transaction=True)

# alice administers Muster GmbH, bob signs for it, charlie administers Other Ltd.
EVERYONE = ["alice@muster.example", "bob@muster.example", "charlie@other.example"]
CHUNK_TASK = campaign_tasks.remind_organisations.module_path


@pytest.fixture(autouse=True)
def queue_in_the_database() -> Iterator[None]:
    with QUEUE_IN_THE_DATABASE:
        yield


@pytest.fixture
def signed_customers(
    dpa_settings: AgreementSettings,
    version: DpaVersion,
    bob: User,
    charlie: User,
    other_organisation: Organisation,
) -> None:
    signed_dpa(dpa_settings.organisation, version, bob)
    signed_dpa(other_organisation, version, charlie)


@pytest.fixture
def campaign(signed_customers: None, lena: User) -> Campaign:
    campaign = publish_major(lena)
    run_worker()  # the notices of the new version
    mail.outbox.clear()
    return campaign


def reminded() -> list[str]:
    return sorted(message.to[0] for message in mail.outbox)


def reminders_due_in(campaign: Campaign, days: float) -> int:
    move_deadline(campaign, days)
    return send_due_reminders.call()


def test_a_reminder_the_mail_server_does_not_take_is_retried_not_lost(
    campaign: Campaign,
) -> None:
    with mail_server_down():
        queued = reminders_due_in(campaign, 6.5)
        run_worker()

    assert queued == 3
    assert mail.outbox == []
    retries = deferred_until_later()
    assert sorted(
        retry.args_kwargs["kwargs"]["recipients"][0] for retry in retries
    ) == (EVERYONE)
    assert {retry.args_kwargs["kwargs"]["attempt"] for retry in retries} == {2}
    time_passes()
    run_worker()
    assert reminded() == EVERYONE


def test_a_second_run_queues_no_reminder_twice(campaign: Campaign) -> None:
    first = reminders_due_in(campaign, 6.5)
    second = send_due_reminders.call()
    run_worker()

    assert (first, second) == (3, 0)
    assert reminded() == EVERYONE
    assert DBTaskResult.objects.filter(task_path=deliver_email.module_path).count() == 3


def test_reminders_follow_the_configured_days_not_the_default_ones(
    signed_customers: None, lena: User
) -> None:
    with override_settings(REMINDER_DAYS=(10, 3)):
        campaign = publish_major(lena)

    queued = [reminders_due_in(campaign, days) for days in (13.5, 9.5, 6.5, 2.5, 0.5)]

    assert campaign.reminder_days == [10, 3]
    assert queued == [0, 3, 0, 3, 0]
    assert sorted(ReminderSent.objects.values_list("days_before", flat=True)) == [
        3,
        3,
        3,
        10,
        10,
        10,
    ]


def test_the_worker_queues_a_reminder_run_once_per_check_period(
    campaign: Campaign,
) -> None:
    move_deadline(campaign, 6.5)

    assert queue_reminders_when_due("default")
    assert not queue_reminders_when_due("default")
    run_worker()

    assert reminded() == EVERYONE


def test_the_next_reminder_run_is_queued_once_the_period_has_passed(
    campaign: Campaign,
) -> None:
    queue_reminders_when_due("default")
    DBTaskResult.objects.update(
        enqueued_at=timezone.now() - settings.REMINDER_CHECK - timedelta(seconds=1)
    )

    assert queue_reminders_when_due("default")


def test_a_large_run_queues_one_task_per_chunk_and_each_runs_twice_harmlessly(
    campaign: Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(campaign_tasks, "REMINDER_CHUNK", 1)

    queued_here = reminders_due_in(campaign, 6.5)
    chunks = list(DBTaskResult.objects.filter(task_path=CHUNK_TASK))
    run_worker()
    for chunk in chunks:  # as if a second worker ran each chunk again
        campaign_tasks.remind_organisations.call(**chunk.args_kwargs["kwargs"])
    run_worker()

    assert queued_here == 0
    assert len(chunks) == 2
    assert {chunk.args_kwargs["kwargs"]["days_before"] for chunk in chunks} == {7}
    assert reminded() == EVERYONE
    assert ReminderSent.objects.count() == 3


def test_a_short_campaign_sends_no_reminder_for_a_day_it_started_within(
    signed_customers: None, lena: User
) -> None:
    with override_settings(REMINDER_DAYS=(14, 7, 1)):
        draft = start_draft(lena)
        renumber_draft(draft, "2.0", lena)
        campaign = publish_with_campaign(draft, CampaignKind.MAJOR, lena, 7)
    run_worker()  # the notices
    mail.outbox.clear()

    right_after_the_notice = send_due_reminders.call()
    a_day_before = reminders_due_in(campaign, 0.5)

    assert campaign.reminder_days == [1]
    assert right_after_the_notice == 0
    assert a_day_before == 3
    assert set(ReminderSent.objects.values_list("days_before", flat=True)) == {1}
