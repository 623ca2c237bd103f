"""The worker's part of a campaign: notices in chunks, reminders once each."""

from __future__ import annotations

import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

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


@task()
def send_due_reminders() -> int:
    """Queue reminders for everyone who owes a signature, at the configured days."""
    now = timezone.now()
    queued = 0
    open_requirements = ResignRequirement.objects.filter(
        fulfilled_at__isnull=True,
        campaign__kind=CampaignKind.MAJOR,
        campaign__deadline__gt=now,
    ).select_related("campaign__version", "organisation")
    for requirement in open_requirements.iterator(chunk_size=1000):
        deadline = requirement.campaign.deadline
        if deadline is None:  # major campaigns always have one
            continue
        due = [
            days
            for days in requirement.campaign.reminder_days
            if deadline - now <= timedelta(days=days)
        ]
        if due:
            queued += remind(requirement, min(due))
    return queued


def remind(requirement: ResignRequirement, days_before: int) -> int:
    organisation = requirement.organisation
    people = people_to_tell([organisation.pk]).get(organisation.pk, [])
    language = languages([organisation.pk]).get(organisation.pk, settings.LANGUAGE_CODE)
    subject, body = render_message(
        "campaign_reminder",
        language,
        {
            "version": requirement.campaign.version,
            "deadline": requirement.campaign.deadline,
            "organisation_name": organisation.name,
            "link": absolute_url(reverse("agreements:page", args=[organisation.slug])),
        },
    )
    queued = 0
    for person in people:
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
