from __future__ import annotations

import smtplib
from collections.abc import Iterator, Sequence
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends import locmem
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dpaportal.accounts.models import User
from dpaportal.campaigns.models import Campaign, CampaignKind, NoticeSent
from dpaportal.campaigns.tasks import notify_organisations
from dpaportal.versions.models import DpaVersion
from tests.background.campaign_data import customer_with_a_signed_dpa, publish_next
from tests.background.queue import (
    QUEUE_IN_THE_DATABASE,
    deferred_until_later,
    mail_server_down,
    run_worker,
    time_passes,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def queue_in_the_database() -> Iterator[None]:
    with QUEUE_IN_THE_DATABASE:
        yield


@pytest.fixture
def customers(version: DpaVersion) -> list[User]:
    return [customer_with_a_signed_dpa(number, version) for number in range(4)]


def publish_minor(lena: User) -> None:
    publish_next(lena, CampaignKind.MINOR, "1.1")


def told() -> list[str]:
    return sorted(message.to[0] for message in mail.outbox)


def test_a_chunk_cut_off_by_the_mail_server_is_retried_for_the_untold_only(
    customers: list[User], lena: User
) -> None:
    publish_minor(lena)

    with mail_server_down(after=2):
        run_worker()

    assert len(mail.outbox) == 2
    [retry] = deferred_until_later()
    assert retry.task_path == notify_organisations.module_path
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert len(retry.args_kwargs["kwargs"]["organisation_ids"]) == 2
    assert retry.run_after > timezone.now() + timedelta(seconds=50)
    time_passes()
    run_worker()
    assert told() == sorted(customer.email for customer in customers)
    assert NoticeSent.objects.count() == 4


def test_a_chunk_run_again_after_its_worker_died_tells_only_the_untold(
    customers: list[User], lena: User
) -> None:
    publish_minor(lena)
    chunk = DBTaskResult.objects.get(task_path=notify_organisations.module_path)
    # What a worker killed half-way through the chunk leaves behind: two
    # notices recorded, the task running past its lease.
    for customer in customers[:2]:
        NoticeSent.objects.create(
            campaign=Campaign.objects.get(),
            organisation=customer.memberships.get().organisation,
            user_id=customer.pk,
            sent_at=timezone.now(),
        )
    chunk.claim("a-worker-that-was-killed")
    DBTaskResult.objects.filter(pk=chunk.pk).update(
        started_at=timezone.now() - timedelta(hours=1)
    )

    run_worker()

    assert told() == sorted(customer.email for customer in customers[2:])
    assert NoticeSent.objects.count() == 4


def test_an_address_the_server_refuses_does_not_hold_up_the_others(
    customers: list[User], lena: User
) -> None:
    publish_minor(lena)
    refused = customers[1].email
    accept = locmem.EmailBackend.send_messages

    def refuse_one(
        backend: locmem.EmailBackend, messages: Sequence[EmailMessage]
    ) -> int:
        if messages[0].to == [refused]:
            raise smtplib.SMTPRecipientsRefused({refused: (550, b"No such user")})
        return accept(backend, messages)

    with mock.patch.object(locmem.EmailBackend, "send_messages", refuse_one):
        run_worker()

    assert refused not in told()
    assert len(told()) == 3
    assert deferred_until_later() == []


@override_settings(MAIL_ATTEMPTS=2)
def test_a_chunk_is_given_up_after_the_last_attempt(
    customers: list[User], lena: User
) -> None:
    publish_minor(lena)

    with mail_server_down():
        run_worker()
        time_passes()
        run_worker()

    assert mail.outbox == []
    assert deferred_until_later() == []
    failed = DBTaskResult.objects.failed().get()
    assert failed.exception_class_path == "dpaportal.mail.MailNotDelivered"
