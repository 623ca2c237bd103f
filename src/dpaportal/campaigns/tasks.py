"""The worker's part of a campaign: notices in chunks, reminders once each."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from dpaportal.accounts.models import User
from dpaportal.agreements.models import AgreementSettings
from dpaportal.audit.events import EventType
from dpaportal.audit.services import record_event
from dpaportal.campaigns.models import (
    Campaign,
    CampaignKind,
    ReminderSent,
    ResignRequirement,
)
from dpaportal.mail import absolute_url
from dpaportal.organisations.models import Organisation, Role

logger = logging.getLogger(__name__)


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


def render(template: str, language: str, context: dict[str, object]) -> tuple[str, str]:
    with translation.override(language):
        subject, _, body = render_to_string(f"mail/{template}.txt", context).partition(
            "\n"
        )
    return subject.strip(), body.lstrip("\n")


@task()
def notify_organisations(*, campaign_id: int, organisation_ids: list[int]) -> int:
    """Tell one chunk of organisations about a new version, in one SMTP session."""
    campaign = Campaign.objects.select_related("version").get(pk=campaign_id)
    organisations = dict(
        Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", "slug")
    )
    names = dict(
        Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", "name")
    )
    template = (
        "campaign_major" if campaign.kind == CampaignKind.MAJOR else "campaign_minor"
    )
    chosen = languages(organisation_ids)
    messages = []
    for organisation_id, people in people_to_tell(organisation_ids).items():
        link = absolute_url(
            reverse("agreements:page", args=[organisations[organisation_id]])
        )
        subject, body = render(
            template,
            chosen.get(organisation_id, settings.LANGUAGE_CODE),
            {
                "campaign": campaign,
                "version": campaign.version,
                "organisation_name": names[organisation_id],
                "link": link,
            },
        )
        messages += [
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
            for person in people
        ]
    with get_connection() as mail_connection:
        sent = mail_connection.send_messages(messages) or 0
    logger.info(
        "campaign.notified", extra={"campaign_id": campaign_id, "messages": sent}
    )
    return sent


@task()
def send_due_reminders() -> int:
    """Remind everyone who owes a signature at the configured days before."""
    now = timezone.now()
    sent = 0
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
            sent += remind(requirement, min(due))
    return sent


def remind(requirement: ResignRequirement, days_before: int) -> int:
    organisation = requirement.organisation
    people = people_to_tell([organisation.pk]).get(organisation.pk, [])
    language = languages([organisation.pk]).get(organisation.pk, settings.LANGUAGE_CODE)
    link = absolute_url(reverse("agreements:page", args=[organisation.slug]))
    sent = 0
    for person in people:
        # Recorded before sending: a worker that dies after this point leaves
        # one reminder unsent rather than sending one twice.
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
        except IntegrityError:
            continue
        subject, body = render(
            "campaign_reminder",
            language,
            {
                "version": requirement.campaign.version,
                "deadline": requirement.campaign.deadline,
                "organisation_name": organisation.name,
                "link": link,
            },
        )
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]).send()
        sent += 1
    return sent
