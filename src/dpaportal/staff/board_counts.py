"""The figures above the status board's list, from a few GROUP BY queries.

Per version: the organisations that hold a signed DPA of it, those its
campaign still asks to sign (in time or overdue), its scans under review, and
the organisations that never signed it nor a later one.

Over all organisations: how many have each status of the list. The status
counts follow the order in which ``board._conditions`` decides the status of
each listed organisation, split along whether the organisation owes a
campaign: one that owes is under review when a scan of it waits, else overdue
or asked to re-sign by its newest campaign; one that owes nothing is signed
when it holds a signed DPA, else under review when a scan waits, else never
signed. Each organisation is thus counted once, under the status the list
shows, and the counts add up to all organisations; the tests check each
count against the rows its filter lists.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery

from dpaportal.agreements.models import (
    AgreementStatus,
    ManualUpload,
    SignedAgreement,
    UploadStatus,
)
from dpaportal.campaigns.models import Campaign
from dpaportal.organisations.models import Organisation
from dpaportal.staff.board import (
    LABELS,
    NEVER_SIGNED,
    OVERDUE,
    RESIGN_REQUIRED,
    SIGNED,
    UNDER_REVIEW,
    newest_open_requirements,
    open_requirements,
    owes_a_later_campaign,
)
from dpaportal.versions.models import DpaVersion, VersionStatus


@dataclass(frozen=True)
class VersionFigures:
    """How many organisations stand where with one published version."""

    version: DpaVersion
    signed: int
    """Organisations whose current signed DPA is of this version."""
    resign_required: int
    """Organisations its campaign asks to sign, the deadline not passed."""
    overdue: int
    """Organisations its campaign asks to sign, the deadline passed."""
    under_review: int
    """Scans of this version waiting for a reviewer."""
    never_signed: int
    """Organisations that never signed this version nor a later one.

    Counted as all organisations less those holding a signed DPA of this
    version or a later one: each signature supersedes the DPAs before it, so
    the one an organisation holds is the furthest it signed. A scan under
    review is not signed yet.
    """


@dataclass(frozen=True)
class BoardFigures:
    versions: list[VersionFigures]
    """Every version ever published, newest first."""
    statuses: dict[str, int]
    """Organisations per status code of the list, each counted once."""
    organisations: int


def board_figures(now: datetime) -> BoardFigures:
    total = Organisation.objects.count()
    campaigns = list(Campaign.objects.order_by("started_at", "pk"))
    # One GROUP BY serves both tables: a campaign's deadline decides whether
    # all of its open requirements are in time or overdue.
    owed = _per_campaign(open_requirements())
    versions = version_figures(total, now, campaigns, owed)
    holding = sum(figures.signed for figures in versions)
    statuses = status_counts(total, holding, now, campaigns, owed)
    return BoardFigures(versions, statuses, total)


def version_figures(
    total: int, now: datetime, campaigns: list[Campaign], owed: dict[int, int]
) -> list[VersionFigures]:
    """An organisation asked to sign again still counts as signed for the
    version it holds. ``owed`` counts each campaign's open requirements."""
    signed = _counts(
        SignedAgreement.objects.filter(status=AgreementStatus.SIGNED),
        "version_id",
        signed=Count("organisation_id", distinct=True),
    )
    requirements: dict[int, dict[str, int]] = {}
    for campaign in campaigns:
        late = campaign.deadline is not None and campaign.deadline < now
        per_version = requirements.setdefault(
            campaign.version_id, {"resign_required": 0, "overdue": 0}
        )
        per_version["overdue" if late else "resign_required"] += owed.get(
            campaign.pk, 0
        )
    under_review = _counts(
        ManualUpload.objects.filter(status=UploadStatus.UNDER_REVIEW),
        "issued__version_id",
        under_review=Count("pk"),
    )
    zero = {"signed": 0, "resign_required": 0, "overdue": 0, "under_review": 0}
    figures = []
    holding_this_or_later = 0
    # Newest first, so the organisations holding a later version are summed.
    for version in DpaVersion.objects.exclude(status=VersionStatus.DRAFT):
        counts = (
            zero
            | signed.get(version.pk, {})
            | requirements.get(version.pk, {})
            | under_review.get(version.pk, {})
        )
        holding_this_or_later += counts["signed"]
        figures.append(
            VersionFigures(
                version, **counts, never_signed=total - holding_this_or_later
            )
        )
    return figures


def _counts(
    rows: QuerySet[Any], key: str, **counts: Count
) -> dict[int, dict[str, int]]:
    """``{key: {name: count}}`` from one GROUP BY query."""
    grouped = rows.order_by().values(key).annotate(**counts)
    return {row.pop(key): row for row in grouped}


def status_counts(
    total: int,
    holding: int,
    now: datetime,
    campaigns: list[Campaign],
    owed: dict[int, int],
) -> dict[str, int]:
    """Organisations per status of the list; together, all organisations.

    ``holding`` is the number of organisations holding a signed DPA. Each
    organisation that owes a campaign holds one: a campaign asks only those
    whose signed DPA is older, and a DPA is superseded only by a newer
    signature, which settles the campaigns it answers. So the signed ones that
    owe nothing are the holders less those that owe, without a query of their
    own over every signed DPA.
    """
    counts = dict.fromkeys(LABELS, 0)
    for status, organisations in _owing(now, campaigns, owed):
        counts[status] += organisations
    counts[SIGNED] = holding - sum(counts.values())
    counts[UNDER_REVIEW] += _scanned_owing_nothing_unsigned()
    counts[NEVER_SIGNED] = total - sum(counts.values())
    return counts


def _owing(
    now: datetime, campaigns: list[Campaign], owed: dict[int, int]
) -> Iterator[tuple[str, int]]:
    """Organisations that owe a campaign, by the status that gives them.

    Per campaign: its open requirements, less those whose organisation owes
    a later campaign too (the later one decides), less those whose
    organisation has a scan under review (under review, whatever it owes).
    Only requirements of older campaigns are asked about later ones, and only
    scans about campaigns: no question for each of 100,000 requirements.
    """
    if not campaigns:
        return
    requirements = open_requirements()
    overtaken = _per_campaign(
        requirements.filter(campaign__in=campaigns[:-1]).filter(owes_a_later_campaign())
    )
    newest = newest_open_requirements().filter(organisation=OuterRef("organisation"))
    scans = (
        ManualUpload.objects.filter(status=UploadStatus.UNDER_REVIEW)
        .annotate(campaign_id=Subquery(newest.values("campaign_id")[:1]))
        .filter(campaign_id__isnull=False)
    )
    scanned = _per_campaign(scans)
    for campaign in campaigns:
        deadline = campaign.deadline
        late = deadline is not None and deadline < now
        yield UNDER_REVIEW, scanned.get(campaign.pk, 0)
        yield (
            OVERDUE if late else RESIGN_REQUIRED,
            owed.get(campaign.pk, 0)
            - overtaken.get(campaign.pk, 0)
            - scanned.get(campaign.pk, 0),
        )


def _per_campaign(rows: QuerySet[Any]) -> dict[int, int]:
    grouped = rows.order_by().values("campaign_id").annotate(rows=Count("pk"))
    return {row["campaign_id"]: row["rows"] for row in grouped}


def _owes(organisation: str) -> Exists:
    return Exists(open_requirements().filter(organisation=OuterRef(organisation)))


def _scanned_owing_nothing_unsigned() -> int:
    signed = SignedAgreement.objects.filter(
        organisation=OuterRef("organisation"), status=AgreementStatus.SIGNED
    )
    rows = (
        ManualUpload.objects.filter(status=UploadStatus.UNDER_REVIEW)
        .exclude(_owes("organisation"))
        .exclude(Exists(signed))
    )
    return int(rows.aggregate(n=Count("organisation_id", distinct=True))["n"])
