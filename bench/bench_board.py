"""The staff status board and the list of organisations over 100,000
organisations: server time per page.

The fixture is built once in bulk (skipped when it exists): DPA 1.0, 2.0
with a campaign whose deadline has passed and 3.0 with a running one. Of
every hundred organisations five never signed, one waits for the review of
a scan, four are overdue on 2.0, seventy-five must re-sign 3.0 and fifteen
signed 3.0. ``DPAPORTAL_BENCH_ORGANISATIONS`` sets a smaller number.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection, models, transaction
from django.test import Client
from django.utils import timezone

from bench.timing import Figure, median_ms
from dpaportal.accounts.models import User
from dpaportal.agreements.models import (
    AgreementStatus,
    IssuedDocument,
    ManualUpload,
    SignedAgreement,
)
from dpaportal.campaigns.models import Campaign, CampaignKind, ResignRequirement
from dpaportal.organisations.models import Organisation
from dpaportal.versions.models import DpaVersion, VersionStatus
from dpaportal.versions.services import install_default_version

ORGANISATIONS = int(os.environ.get("DPAPORTAL_BENCH_ORGANISATIONS", "100000"))
BATCH = 5_000
RUNS = 15
SLUG_PREFIX = "board-org-"
STAFF_EMAIL = "board-staff@bench.example"
PAGES = {
    "status board, first page, server time (test client)": "/staff/board/",
    "status board, overdue, page 3, server time (test client)": (
        "/staff/board/?status=overdue&page=3"
    ),
    "organisations list, first page, server time (test client)": (
        "/staff/organisations/"
    ),
    "organisations list, name search, page 2, server time (test client)": (
        "/staff/organisations/?q=organisation+00&page=2"
    ),
}
ROWS_MARKER = {"/staff/board": b"data-status=", "/staff/organisations": b"data-slug="}


def measure() -> list[Figure]:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    ensure_fixture(ORGANISATIONS)
    fixture_s = time.perf_counter() - started
    client = Client()
    client.force_login(staff_user())

    note = (
        f"{connection.vendor}; {ORGANISATIONS:,} organisations; "
        f"fixture ready in {fixture_s:.0f} s"
    )
    return [
        Figure(
            name,
            median_ms(lambda url=url: get(client, url), runs=RUNS),
            "ms",
            goal=300,
            runs=RUNS,
            note=note,
        )
        for name, url in PAGES.items()
    ]


def get(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    (marker,) = [m for path, m in ROWS_MARKER.items() if url.startswith(path)]
    assert response.content.count(marker) == 50


def staff_user() -> User:
    user = User.objects.filter(email=STAFF_EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            STAFF_EMAIL, "x" * 16, full_name="Board Staff", is_staff=True
        )
        user.groups.add(Group.objects.get(name="legal"))
    return user


# -- fixture -----------------------------------------------------------------


def ensure_fixture(total: int) -> None:
    if Organisation.objects.filter(slug__startswith=SLUG_PREFIX).count() >= total:
        return
    now = timezone.now()
    with transaction.atomic():
        first, second, third = versions(now)
        passed = campaign(second, now - timedelta(days=3), now)
        running = campaign(third, now + timedelta(days=30), now)
        ids = organisations(total, now)
        bulk(SignedAgreement, agreements(ids, (first, second, third), now))
        asked = {"overdue": (passed, first), "pending": (running, second)}
        bulk(ResignRequirement, requirements(ids, asked))
        issued = IssuedDocument.objects.bulk_create(issued_documents(ids, third, now))
        bulk(ManualUpload, uploads(issued, now))
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load: statistics for the
        # planner and a visibility map for index-only scans.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def versions(now: datetime) -> tuple[DpaVersion, DpaVersion, DpaVersion]:
    first = install_default_version()
    later = []
    for major in (2, 3):
        version, _ = DpaVersion.objects.get_or_create(
            major=major,
            minor=0,
            defaults={
                "status": VersionStatus.PUBLISHED,
                "published_at": now,
                "content": first.content,
            },
        )
        later.append(version)
    return first, later[0], later[1]


def campaign(version: DpaVersion, deadline: datetime, now: datetime) -> Campaign:
    found, _ = Campaign.objects.get_or_create(
        version=version,
        defaults={"kind": CampaignKind.MAJOR, "deadline": deadline, "started_at": now},
    )
    return found


def organisations(total: int, now: datetime) -> list[int]:
    bulk(
        Organisation,
        (
            Organisation(
                name=f"Board Organisation {number:06}",
                slug=f"{SLUG_PREFIX}{number:06}",
                licence_signed_at=now if number % 10 else None,
            )
            for number in range(total)
        ),
    )
    rows = Organisation.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug")
    return list(rows.values_list("pk", flat=True))


def group(index: int) -> str:
    """Where the organisation at ``index`` stands, by its place in each hundred."""
    place = index % 100
    if place < 5:
        return "never"
    if place < 6:
        return "review"
    if place < 10:
        return "overdue"
    return "pending" if place < 85 else "signed"


def agreements(
    ids: list[int], signed: tuple[DpaVersion, DpaVersion, DpaVersion], now: datetime
) -> Iterator[SignedAgreement]:
    held = {"overdue": signed[0], "pending": signed[1], "signed": signed[2]}
    for index, organisation_id in enumerate(ids):
        version = held.get(group(index))
        if version is None:
            continue
        key = f"{organisation_id:064x}"
        yield SignedAgreement(
            organisation_id=organisation_id,
            version=version,
            language="en",
            method="digital",
            status=AgreementStatus.SIGNED,
            fingerprint=key,
            document_identifier=f"DPA-{version.number}-{key[-10:]}",
            snapshot={},
            signer_name="Bench Signer",
            signer_email="signer@bench.example",
            signed_at=now - timedelta(days=index % 700),
            pdf_name=f"{key}.pdf",
            pdf_sha256=key,
            seal_level="B-LT",
        )


def requirements(
    ids: list[int], asked: dict[str, tuple[Campaign, DpaVersion]]
) -> Iterator[ResignRequirement]:
    """``asked`` maps a group to its campaign and the version it holds."""
    for index, organisation_id in enumerate(ids):
        if group(index) in asked:
            campaign, held = asked[group(index)]
            yield ResignRequirement(
                campaign=campaign, organisation_id=organisation_id, signed_version=held
            )


def issued_documents(
    ids: list[int], version: DpaVersion, now: datetime
) -> Iterator[IssuedDocument]:
    for index, organisation_id in enumerate(ids):
        if group(index) == "review":
            key = f"{organisation_id:064x}"
            yield IssuedDocument(
                organisation_id=organisation_id,
                version=version,
                language="en",
                fingerprint=key,
                identifier=f"DPA-{version.number}-{key[-10:]}",
                snapshot={},
                page_count=9,
                pdf_name=f"issued-{key}.pdf",
                pdf_sha256=key,
                issued_at=now,
            )


def uploads(issued: list[IssuedDocument], now: datetime) -> Iterator[ManualUpload]:
    for document in issued:
        yield ManualUpload(
            organisation_id=document.organisation_id,
            issued=document,
            uploaded_at=now,
            kind="pdf",
            originals=[],
            review_pdf_name=f"review-{document.pdf_sha256}.pdf",
            review_pdf_sha256=document.pdf_sha256,
            page_count=9,
        )


def bulk(model: type[models.Model], rows: Iterable[Any]) -> None:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            model.objects.bulk_create(batch)
            batch = []
    model.objects.bulk_create(batch)
