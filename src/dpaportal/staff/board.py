"""The vendor's status board: the list of organisations, filtered, and its CSV.

The database does the deciding: each organisation's status is one expression
over EXISTS subqueries, so 100,000 organisations cost no query each. The
status follows the order of ``agreements.status.dpa_status``: a current
signature without an open campaign, then a scan under review, then the newest
open campaign (overdue once its deadline has passed), else never signed. The
figures above the list are counted in ``board_counts``, by the same order.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models import Value as V
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dpaportal.agreements.models import (
    AgreementStatus,
    ManualUpload,
    SignedAgreement,
    UploadStatus,
)
from dpaportal.campaigns.models import ResignRequirement
from dpaportal.organisations.models import Organisation
from dpaportal.versions.models import DpaVersion

SIGNED = "signed"
RESIGN_REQUIRED = "resign_required"
OVERDUE = "overdue"
UNDER_REVIEW = "under_review"
NEVER_SIGNED = "never_signed"

LABELS = {
    SIGNED: gettext_lazy("Signed"),
    RESIGN_REQUIRED: gettext_lazy("Re-sign required"),
    OVERDUE: gettext_lazy("Overdue"),
    UNDER_REVIEW: gettext_lazy("Under review"),
    NEVER_SIGNED: gettext_lazy("Never signed"),
}

CSV_HEADERS = (
    gettext_lazy("Name"),
    gettext_lazy("Short name"),
    gettext_lazy("Licence agreement signed"),
    gettext_lazy("Signed version"),
    gettext_lazy("Signed at"),
    gettext_lazy("Status"),
    gettext_lazy("Deadline"),
)

PAGE_SIZE = 50
MAX_PAGE = 1_000_000
"""Larger page numbers are read as this one; SQL's LIMIT has a bound too."""
SEARCH_MAX_LENGTH = 100

# Spreadsheets run a cell that starts with one of these as a formula (OWASP's
# CSV injection list; tab and carriage return open one in some programs too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class BoardFilters:
    """The list's filters as read from the query string, wrong values dropped."""

    status: str = ""
    search: str = ""
    notes: tuple[str, ...] = ()
    """Why a value from the query string was ignored, one sentence each."""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> BoardFilters:
        status = query.get("status", "").strip()
        search = query.get("q", "").strip()
        notes = []
        if status and status not in LABELS:
            notes.append(
                _("The status “%(value)s” is unknown and was ignored.")
                % {"value": status[:40]}
            )
            status = ""
        if len(search) > SEARCH_MAX_LENGTH or "\x00" in search:
            notes.append(
                _("The name search was ignored: at most %(limit)d plain characters.")
                % {"limit": SEARCH_MAX_LENGTH}
            )
            search = ""
        return cls(status, search, tuple(notes))

    def urlencode(self) -> str:
        """The filters in force, for links to other pages and the CSV export."""
        pairs = (("status", self.status), ("q", self.search))
        return urlencode([(name, value) for name, value in pairs if value])


@dataclass(frozen=True)
class BoardRow:
    """One organisation in the list and the CSV export."""

    COLUMNS: ClassVar = (
        "name",
        "slug",
        "licence_signed_at",
        "current_version_id",
        "current_signed_at",
        "status",
        "deadline",
    )
    name: str
    slug: str
    licence_signed_at: datetime | None
    version: str
    signed_at: datetime | None
    status: str
    deadline: datetime | None

    @property
    def label(self) -> str:
        return str(LABELS[self.status])

    def cells(self) -> list[str]:
        """The row as CSV cells, each safe to open in a spreadsheet."""
        cells = [
            self.name,
            self.slug,
            _iso(self.licence_signed_at),
            self.version,
            _iso(self.signed_at),
            self.label,
            _iso(self.deadline),
        ]
        return [csv_safe(cell) for cell in cells]


def _iso(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else ""


def status_choices() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in LABELS.items()]


def open_requirements() -> QuerySet[ResignRequirement]:
    return ResignRequirement.objects.filter(fulfilled_at__isnull=True)


def owes_a_later_campaign() -> Exists:
    """Whether a requirement's organisation owes a campaign started after it;
    of two started at the same moment, the later created counts as later."""
    started = OuterRef("campaign__started_at")
    return Exists(
        open_requirements().filter(
            Q(campaign__started_at__gt=started)
            | Q(campaign__started_at=started, campaign_id__gt=OuterRef("campaign_id")),
            organisation=OuterRef("organisation"),
        )
    )


def newest_open_requirements() -> QuerySet[ResignRequirement]:
    """Each organisation's newest campaign not answered yet, which decides its
    status as on the customer's own DPA page."""
    return open_requirements().exclude(owes_a_later_campaign())


def _conditions(now: datetime) -> dict[str, Q]:
    """Each status as a condition on an organisation, in EXISTS terms only.

    Each status excludes those before it, so the filters and the status
    column never disagree; plain EXISTS lets PostgreSQL join instead of
    probing per organisation.
    """
    organisation = OuterRef("pk")
    newest = newest_open_requirements().filter(organisation=organisation)
    has_signed = Q(
        Exists(
            SignedAgreement.objects.filter(
                organisation=organisation, status=AgreementStatus.SIGNED
            )
        )
    )
    has_open = Q(Exists(open_requirements().filter(organisation=organisation)))
    is_late = Q(Exists(newest.filter(campaign__deadline__lt=now)))
    has_upload = Q(
        Exists(
            ManualUpload.objects.filter(
                organisation=organisation, status=UploadStatus.UNDER_REVIEW
            )
        )
    )
    signed = has_signed & ~has_open
    return {
        SIGNED: signed,
        UNDER_REVIEW: ~signed & has_upload,
        OVERDUE: ~has_upload & is_late,
        RESIGN_REQUIRED: ~has_upload & has_open & ~is_late,
        NEVER_SIGNED: ~has_signed & ~has_open & ~has_upload,
    }


def matching_organisations(filters: BoardFilters, now: datetime) -> QuerySet[Any]:
    """The ids of the organisations the filters select, in name order."""
    rows = Organisation.objects.all()
    if filters.status:
        rows = rows.filter(_conditions(now)[filters.status])
    if filters.search:
        rows = rows.filter(name__icontains=filters.search)
    return rows.order_by("name", "pk").values_list("pk", flat=True)


def organisations_with_status(
    ids: QuerySet[Any] | list[int], now: datetime
) -> QuerySet[Any]:
    """The organisations ``ids`` as plain rows: current DPA, deadline, status."""
    signed = SignedAgreement.objects.filter(
        organisation=OuterRef("pk"), status=AgreementStatus.SIGNED
    ).order_by("-signed_at")
    # Ordered as owes_a_later_campaign decides and as the customer's page is.
    newest_open = ResignRequirement.objects.filter(
        organisation=OuterRef("pk"), fulfilled_at__isnull=True
    ).order_by("-campaign__started_at", "-campaign_id")
    status = Case(
        *(
            When(condition, then=V(code))
            for code, condition in _conditions(now).items()
            if code != NEVER_SIGNED
        ),
        default=V(NEVER_SIGNED),
    )
    return (
        Organisation.objects.filter(pk__in=ids)
        .annotate(
            current_version_id=Subquery(signed.values("version_id")[:1]),
            current_signed_at=Subquery(signed.values("signed_at")[:1]),
            deadline=Subquery(newest_open.values("campaign__deadline")[:1]),
            status=status,
        )
        .order_by("name", "pk")
        .values(*BoardRow.COLUMNS)
    )


class LookaheadPaginator(Paginator):
    """Counts no further than one row past the page asked for.

    Counting all organisations of a status means deciding the status of every
    one of them, while the page itself stops after its fifty rows. ``count``
    is the total when ``exact``, otherwise a lower bound.
    """

    def __init__(self, rows: QuerySet[Any], per_page: int, number: str | None):
        super().__init__(rows, per_page)
        self.rows = rows
        # isdecimal, not isdigit: int() refuses "²", which isdigit accepts.
        digits = number if number and number.isdecimal() else "1"
        self.wanted = max(1, min(int(digits), MAX_PAGE))

    @cached_property
    def count(self) -> int:
        return self.rows[: self.lookahead].count()

    @property
    def lookahead(self) -> int:
        return self.wanted * self.per_page + 1

    @property
    def exact(self) -> bool:
        return self.count < self.lookahead


def organisation_page(
    filters: BoardFilters, number: str | None, now: datetime
) -> tuple[Page[Any], list[BoardRow]]:
    """One page of the list; a page number out of range shows the nearest page.

    The page's ids come first and only those fifty get their status columns:
    PostgreSQL plans the columns for the number of rows it expects to read.
    """
    paginator = LookaheadPaginator(
        matching_organisations(filters, now), PAGE_SIZE, number
    )
    page = paginator.get_page(paginator.wanted)
    rows = organisations_with_status(list(page.object_list), now)
    return page, list(board_rows(rows))


def board_rows(values: Iterable[dict[str, Any]]) -> Iterator[BoardRow]:
    numbers = {version.pk: version.number for version in DpaVersion.objects.all()}
    for row in values:
        yield BoardRow(
            name=row["name"],
            slug=row["slug"],
            licence_signed_at=row["licence_signed_at"],
            version=numbers.get(row["current_version_id"], ""),
            signed_at=row["current_signed_at"],
            status=row["status"],
            deadline=row["deadline"],
        )


def csv_lines(filters: BoardFilters, now: datetime) -> Iterator[str]:
    """The filtered list as CSV, every row, one line at a time."""
    writer = csv.writer(_LineEcho())
    yield writer.writerow([str(header) for header in CSV_HEADERS])
    rows = organisations_with_status(matching_organisations(filters, now), now)
    for row in board_rows(rows.iterator(chunk_size=2000)):
        yield writer.writerow(row.cells())


class _LineEcho:
    """A file for csv.writer that hands each written line back instead."""

    def write(self, line: str) -> str:
        return line


def csv_safe(value: str) -> str:
    """Quote a cell a spreadsheet would otherwise run as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
