"""The worker's part of a campaign: notices in chunks, reminders once each."""

from __future__ import annotations

import logging
import smtplib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskContext, task

from dpaportal.accounts.models import User
from dpaportal.agreements.models import AgreementSettings
from dpaportal.audit.events import EventType
from dpaportal.audit.services import record_event
from dpaportal.campaigns.models import (
    Campaign,
    CampaignKind,
    NoticeSent,
    ReminderSent,
    ResignRequirement,
)
from dpaportal.mail import absolute_url, queue_message, render_message, retry_later
from dpaportal.organisations.models import Organisation, Role

logger = logging.getLogger(__name__)

# Notices are recorded as sent in batches of this many, which is also the most
# that a worker killed half-way through a chunk sends twice.
NOTICE_RECORD_BATCH = 50


def people_to_tell(organisation_ids: list[int]) -> dict[int, list[User]]:
    """Administrators and authorized signers of each organisation, each once."""
    people: dict[int, dict[int, User]] = defaultdict(dict)
    administrators = User.objects.filter(
        memberships__organisation_id__in=organisation_ids,
        memberships__role=Role.ADMINISTRATOR,
        is_active=True,
    ).values_list("memberships__organisation_id", "pk", "email", "full_name")
    signers = AgreementSettings.signers.through.objects.filter(
        agreementsettings__organisation_id__in=organisation_ids,
        user__is_active=True,
    ).values_list(
        "agreementsettings__organisation_id",
        "user_id",
        "user__email",
        "user__full_name",
    )
    for organisation_id, pk, email, name in [*administrators, *signers]:
        people[organisation_id][pk] = User(pk=pk, email=email, full_name=name)
    return {key: list(value.values()) for key, value in people.items()}


def languages(organisation_ids: list[int]) -> dict[int, str]:
    return dict(
        AgreementSettings.objects.filter(
            organisation_id__in=organisation_ids
        ).values_list("organisation_id", "language")
    )


@dataclass(frozen=True)
class Notice:
    """One person of one organisation to tell about a campaign."""

    organisation_id: int
    user_id: int
    message: EmailMessage


@task(takes_context=True)
def notify_organisations(
    context: TaskContext,
    *,
    campaign_id: int,
    organisation_ids: list[int],
    attempt: int = 1,
) -> int:
    """Tell one chunk of organisations about a new version, in one SMTP session.

    Whoever was told is recorded, so a retry, or a run again after its worker
    was killed, tells only the others.
    """
    campaign = Campaign.objects.select_related("version").get(pk=campaign_id)
    notices = pending_notices(campaign, organisation_ids)
    unsent = send_notices(campaign_id, notices)
    logger.info(
        "campaign.notified",
        extra={
            "campaign_id": campaign_id,
            "messages": len(notices) - len(unsent),
            "attempt": attempt,
        },
    )
    if unsent:
        retry_later(
            context.task_result.task,
            "campaign_notice",
            attempt,
            {
                "campaign_id": campaign_id,
                "organisation_ids": sorted({n.organisation_id for n in unsent}),
            },
        )
    return len(notices) - len(unsent)


def pending_notices(campaign: Campaign, organisation_ids: list[int]) -> list[Notice]:
    """The notices of these organisations that no earlier run has sent."""
    organisations = {
        pk: (slug, name)
        for pk, slug, name in Organisation.objects.filter(
            pk__in=organisation_ids
        ).values_list("pk", "slug", "name")
    }
    told = set(
        NoticeSent.objects.filter(
            campaign=campaign, organisation_id__in=organisation_ids
        ).values_list("organisation_id", "user_id")
    )
    template = (
        "campaign_major" if campaign.kind == CampaignKind.MAJOR else "campaign_minor"
    )
    chosen = languages(organisation_ids)
    notices = []
    for organisation_id, people in people_to_tell(organisation_ids).items():
        untold = [
            person for person in people if (organisation_id, person.pk) not in told
        ]
        if not untold:
            continue
        slug, name = organisations[organisation_id]
        subject, body = render_message(
            template,
            chosen.get(organisation_id, settings.LANGUAGE_CODE),
            {
                "campaign": campaign,
                "version": campaign.version,
                "organisation_name": name,
                "link": absolute_url(reverse("agreements:page", args=[slug])),
            },
        )
        notices += [
            Notice(
                organisation_id,
                person.pk,
                EmailMessage(
                    subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]
                ),
            )
            for person in untold
        ]
    return notices


def send_notices(campaign_id: int, notices: list[Notice]) -> list[Notice]:
    """Send in one SMTP session; return what a failing mail server left unsent."""
    told: list[Notice] = []
    handled = 0
    try:
        with get_connection() as mail_connection:
            for notice in notices:
                try:
                    mail_connection.send_messages([notice.message])
                    told.append(notice)
                except smtplib.SMTPRecipientsRefused:
                    # This address will not work on a retry either; the
                    # others of the chunk still should go.
                    logger.warning(
                        "campaign.notice_refused",
                        extra={"campaign_id": campaign_id, "user_id": notice.user_id},
                    )
                handled += 1
                if len(told) == NOTICE_RECORD_BATCH:
                    record_notices(campaign_id, told)
                    told = []
    except OSError:  # smtplib's errors included: the server stopped answering
        return notices[handled:]
    finally:
        record_notices(campaign_id, told)
    return []


def record_notices(campaign_id: int, told: list[Notice]) -> None:
    # Recorded after sending: a worker killed in between sends at most one
    # batch of notices twice, rather than leaving anyone untold.
    now = timezone.now()
    NoticeSent.objects.bulk_create(
        [
            NoticeSent(
                campaign_id=campaign_id,
                organisation_id=notice.organisation_id,
                user_id=notice.user_id,
                sent_at=now,
            )
            for notice in told
        ],
        ignore_conflicts=True,
    )


# A reminder run queues one task per this many organisations, each done in
# well under the task lease; a run small enough for one chunk does it at once.
REMINDER_CHUNK = 500


@task()
def send_due_reminders() -> int:
    """Remind everyone who owes a signature, at the configured days.

    Returns the reminders queued by a run of one chunk, done at once; a run
    of more queues a task per chunk and returns 0. Each chunk is safe to run
    twice: a reminder is recorded once per person and day, in the transaction
    that queues its e-mail.
    """
    chunks = list(due_reminder_chunks(timezone.now()))
    if len(chunks) == 1:
        days_before, requirement_ids = chunks[0]
        return remind_organisations.call(
            requirement_ids=requirement_ids, days_before=days_before
        )
    for days_before, requirement_ids in chunks:
        remind_organisations.enqueue(
            requirement_ids=requirement_ids, days_before=days_before
        )
    logger.info("campaign.reminders_chunked", extra={"chunks": len(chunks)})
    return 0


def due_reminder_chunks(now: datetime) -> Iterator[tuple[int, list[int]]]:
    """Per open campaign, its reminder day due now and the requirements owed it.

    The deadline is the campaign's, so the day is decided once per campaign.
    Organisations already reminded that day stay in: a signer named since, or
    the rest of a run cut short, is reminded still; each chunk skips the
    people it finds recorded.
    """
    campaigns = Campaign.objects.filter(
        kind=CampaignKind.MAJOR, deadline__gt=now
    ).order_by("started_at", "pk")
    for campaign in campaigns:
        days_before = due_reminder_day(campaign, now)
        if days_before is None:
            continue
        ids = (
            ResignRequirement.objects.filter(
                campaign=campaign, fulfilled_at__isnull=True
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        chunk: list[int] = []
        for requirement_id in ids.iterator(chunk_size=5000):
            chunk.append(requirement_id)
            if len(chunk) == REMINDER_CHUNK:
                yield days_before, chunk
                chunk = []
        if chunk:
            yield days_before, chunk


def due_reminder_day(campaign: Campaign, now: datetime) -> int | None:
    """The nearest of the campaign's reminder days reached, if any."""
    deadline = campaign.deadline
    if deadline is None:  # major campaigns always have one
        return None
    due = [
        days
        for days in campaign.reminder_days
        if deadline - now <= timedelta(days=days)
    ]
    return min(due, default=None)


@task()
def remind_organisations(*, requirement_ids: list[int], days_before: int) -> int:
    """Remind one chunk of organisations; returns the reminders queued."""
    requirements = list(
        ResignRequirement.objects.filter(
            pk__in=requirement_ids, fulfilled_at__isnull=True
        )
        .select_related("campaign__version", "organisation")
        .order_by("pk")
    )
    organisation_ids = [requirement.organisation_id for requirement in requirements]
    people = people_to_tell(organisation_ids)
    chosen = languages(organisation_ids)
    # Looked up in one query, so that an hourly run finding everyone reminded
    # renders nothing and tries no insert.
    reminded = set(
        ReminderSent.objects.filter(
            requirement__in=requirements, days_before=days_before
        ).values_list("requirement_id", "user_id")
    )
    queued = 0
    for requirement in requirements:
        unreminded = [
            person
            for person in people.get(requirement.organisation_id, [])
            if (requirement.pk, person.pk) not in reminded
        ]
        if unreminded:
            language = chosen.get(requirement.organisation_id, settings.LANGUAGE_CODE)
            queued += remind(
                DueReminder(requirement, unreminded, language), days_before
            )
    return queued


@dataclass(frozen=True)
class DueReminder:
    """One organisation to remind, with its people and language looked up for
    the whole chunk at once."""

    requirement: ResignRequirement
    people: list[User]
    language: str


def remind(due: DueReminder, days_before: int) -> int:
    requirement = due.requirement
    organisation = requirement.organisation
    subject, body = render_message(
        "campaign_reminder",
        due.language,
        {
            "version": requirement.campaign.version,
            "deadline": requirement.campaign.deadline,
            "organisation_name": organisation.name,
            "link": absolute_url(reverse("agreements:page", args=[organisation.slug])),
        },
    )
    queued = 0
    for person in due.people:
        # The record, its audit event and the queued e-mail commit together:
        # each reminder is queued once, and the queue retries it until the
        # mail server takes it.
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    requirement=requirement,
                    user_id=person.pk,
                    days_before=days_before,
                    sent_at=timezone.now(),
                )
                record_event(
                    EventType.REMINDER_SENT,
                    organisation=organisation,
                    target=requirement,
                    details={"user_id": person.pk, "days_before": days_before},
                )
                queue_message(
                    kind="campaign_reminder",
                    subject=subject,
                    body=body,
                    recipients=[person.email],
                )
        except IntegrityError:
            continue
        queued += 1
    return queued
