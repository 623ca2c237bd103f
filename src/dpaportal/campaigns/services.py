"""Publishing a version as a campaign, and keeping its promises.

A major version asks every organisation whose signed DPA is of an older major
version to sign again by a deadline; a minor version only informs. Marking
is one INSERT ... SELECT and notifications go out in chunks through the
worker, so 100,000 organisations cost no round trip each.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from dpaportal.accounts.models import User
from dpaportal.agreements.models import AgreementStatus, SignedAgreement
from dpaportal.audit.events import EventType
from dpaportal.audit.services import record_event
from dpaportal.campaigns.models import Campaign, CampaignKind, ResignRequirement
from dpaportal.versions.models import DpaVersion
from dpaportal.versions.services import publish_version

logger = logging.getLogger(__name__)

DEFAULT_DEADLINE_DAYS = 30
NOTIFICATION_CHUNK = 500


def publish_with_campaign(
    version: DpaVersion,
    kind: str,
    actor: User,
    deadline_days: int = DEFAULT_DEADLINE_DAYS,
    reminder_days: tuple[int, ...] | None = None,
) -> Campaign:
    """Publish ``version`` and start its campaign, all in one transaction.

    Publishing locks the draft, so of two requests at once the second finds it
    published and is refused: one version, one campaign.
    """
    from dpaportal.campaigns.tasks import notify_organisations

    now = timezone.now()
    with transaction.atomic():
        published = publish_version(version, actor, major=kind == CampaignKind.MAJOR)
        campaign = Campaign.objects.create(
            version=published,
            kind=kind,
            deadline=now + timedelta(days=deadline_days)
            if kind == CampaignKind.MAJOR
            else None,
            reminder_days=days_left_to_remind(
                reminder_days or settings.REMINDER_DAYS,
                deadline_days if kind == CampaignKind.MAJOR else 0,
            ),
            started_at=now,
            started_by=actor,
        )
        if kind == CampaignKind.MAJOR:
            campaign.affected_count = mark_organisations(campaign)
        else:
            campaign.affected_count = organisations_with_a_signed_dpa().count()
        campaign.save(update_fields=["affected_count"])
        for chunk in organisation_chunks(campaign):
            notify_organisations.enqueue(
                campaign_id=campaign.pk, organisation_ids=chunk
            )
        record_event(
            EventType.CAMPAIGN_STARTED,
            actor=actor,
            target=campaign,
            details={
                "version": published.number,
                "kind": kind,
                "affected": campaign.affected_count,
            },
        )
    logger.info(
        "campaign.started",
        extra={"campaign_id": campaign.pk, "affected": campaign.affected_count},
    )
    return campaign


def days_left_to_remind(reminder_days: Iterable[int], deadline_days: int) -> list[int]:
    """The reminder days still ahead when the campaign starts, furthest first.

    A day reached at the start would remind at the next hourly run, right
    after the notice that just said the same: a 7-day campaign has no
    "7 days" reminder.
    """
    return sorted(
        {days for days in reminder_days if days < deadline_days}, reverse=True
    )


def mark_organisations(campaign: Campaign) -> int:
    """One statement: each organisation with an older major version signed."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO campaigns_resignrequirement
                (campaign_id, organisation_id, signed_version_id, fulfilled_at)
            SELECT %s, agreement.organisation_id, MAX(agreement.version_id), NULL
            FROM agreements_signedagreement AS agreement
            JOIN versions_dpaversion AS version ON version.id = agreement.version_id
            WHERE agreement.status = %s AND version.major < %s
            GROUP BY agreement.organisation_id
            """,
            [campaign.pk, AgreementStatus.SIGNED, campaign.version.major],
        )
        return cursor.rowcount


def organisations_with_a_signed_dpa() -> QuerySet[SignedAgreement, int]:
    return (
        SignedAgreement.objects.filter(status=AgreementStatus.SIGNED)
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def organisation_chunks(campaign: Campaign) -> Iterator[list[int]]:
    ids: QuerySet[Any, int]
    if campaign.kind == CampaignKind.MAJOR:
        ids = ResignRequirement.objects.filter(campaign=campaign).values_list(
            "organisation_id", flat=True
        )
    else:
        ids = organisations_with_a_signed_dpa()
    chunk: list[int] = []
    for organisation_id in ids.order_by("organisation_id").iterator(chunk_size=5000):
        chunk.append(organisation_id)
        if len(chunk) == NOTIFICATION_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def open_requirement(organisation_id: int) -> ResignRequirement | None:
    """The campaign this organisation still owes a signature, if any."""
    return (
        ResignRequirement.objects.filter(
            organisation_id=organisation_id, fulfilled_at__isnull=True
        )
        .select_related("campaign__version", "signed_version")
        # The same order as the status board's: of two campaigns started at
        # the same moment, the later created is the newer.
        .order_by("-campaign__started_at", "-campaign_id")
        .first()
    )


def fulfil_requirements(agreement: SignedAgreement) -> list[SignedAgreement]:
    """A new signature supersedes older ones and settles open campaigns.

    Returns the signed DPAs it superseded, for the audit log.
    """
    held = SignedAgreement.objects.filter(
        organisation_id=agreement.organisation_id, status=AgreementStatus.SIGNED
    ).exclude(pk=agreement.pk)
    version = agreement.version
    newer = Q(version__major__gt=version.major) | Q(
        version__major=version.major, version__minor__gt=version.minor
    )
    if held.filter(newer).exists():
        # A scan of an older version approved after a newer one was signed:
        # the newer signature stands, and the older one goes straight to the
        # history, where it still proves what was agreed before.
        SignedAgreement.objects.filter(pk=agreement.pk).update(
            status=AgreementStatus.SUPERSEDED
        )
        agreement.status = AgreementStatus.SUPERSEDED
        return []
    older = held
    superseded = list(older.select_related("version"))
    older.update(status=AgreementStatus.SUPERSEDED)
    ResignRequirement.objects.filter(
        organisation_id=agreement.organisation_id,
        fulfilled_at__isnull=True,
        campaign__version__major__lte=agreement.version.major,
    ).update(fulfilled_at=agreement.signed_at)
    return superseded


def require_newer_campaigns(agreement: SignedAgreement) -> list[Campaign]:
    """Ask the organisation to sign again when what it executed is already old.

    A scan of 1.0 approved after 2.0 was published as major was not signed
    when that campaign marked the organisations, so the campaign asks it now,
    by the campaign's own deadline, and its notice goes out as to the others.
    Returns the campaigns that now ask the organisation to sign again.
    """
    from dpaportal.campaigns.tasks import notify_organisations

    organisation_id = agreement.organisation_id
    asked = ResignRequirement.objects.filter(organisation_id=organisation_id)
    campaigns = list(
        Campaign.objects.filter(
            kind=CampaignKind.MAJOR, version__major__gt=agreement.version.major
        )
        .exclude(pk__in=asked.values("campaign_id"))
        .order_by("started_at", "pk")
    )
    for campaign in campaigns:
        # Two executions for one organisation at once must not fail the
        # signature over the campaign's one requirement per organisation.
        ResignRequirement.objects.bulk_create(
            [
                ResignRequirement(
                    campaign=campaign,
                    organisation_id=organisation_id,
                    signed_version=agreement.version,
                )
            ],
            ignore_conflicts=True,
        )
        Campaign.objects.filter(pk=campaign.pk).update(
            affected_count=F("affected_count") + 1
        )
        notify_organisations.enqueue(
            campaign_id=campaign.pk, organisation_ids=[organisation_id]
        )
    return campaigns
