"""Publishing a major version to 100,000 organisations: time, memory, queries.

The fixture gives each organisation one administrator, DPA settings and a
signed DPA 1.0, all in bulk. Publishing 2.0 as a major campaign must mark
every organisation and queue its notices (one task per 500 organisations in
the database queue) within 30 s, in bounded memory and with a number of SQL
statements that grows with the chunks, never with the organisations.

``DPAPORTAL_BENCH_ORGANISATIONS`` sets a smaller number for a quick try.
"""

from __future__ import annotations

import gc
import hashlib
import math
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bench.timing import Figure
from dpaportal.accounts.models import User
from dpaportal.agreements.models import (
    AgreementSettings,
    AgreementStatus,
    SignedAgreement,
    SigningMethod,
)
from dpaportal.campaigns.models import Campaign, CampaignKind
from dpaportal.campaigns.services import NOTIFICATION_CHUNK, publish_with_campaign
from dpaportal.campaigns.tasks import notify_organisations
from dpaportal.organisations.models import Membership, Organisation, Role
from dpaportal.versions.models import DpaVersion, VersionStatus
from dpaportal.versions.services import (
    install_default_version,
    renumber_draft,
    start_draft,
)

ORGANISATIONS = int(os.environ.get("DPAPORTAL_BENCH_ORGANISATIONS", "100000"))
BATCH = 5_000
SLUG_PREFIX = "bench-org-"
STAFF_EMAIL = "bench-staff@bench.example"
# Statements that do not depend on the number of organisations: versions,
# campaign, audit event, savepoints, the SELECT of the ids (fetched 5,000 at a
# time from one cursor). Besides them, each chunk costs one INSERT of its task.
FIXED_QUERIES = 40


def measure() -> list[Figure]:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    ensure_organisations(ORGANISATIONS)
    fixture_s = time.perf_counter() - started
    staff = staff_user()
    draft, number = next_major_draft(staff)
    expected = organisations_to_mark(draft.major)
    assert expected >= ORGANISATIONS, expected
    queued_before = queued_notifications()

    gc.collect()
    counter = QueryCounter()
    with PeakMemory() as memory, connection.execute_wrapper(counter):
        started = time.perf_counter()
        campaign = publish_with_campaign(draft, CampaignKind.MAJOR, staff, 30)
        seconds = time.perf_counter() - started

    queued = queued_notifications() - queued_before
    chunks = math.ceil(expected / NOTIFICATION_CHUNK)
    assert campaign.affected_count == expected, (campaign.affected_count, expected)
    assert campaign.requirements.count() == expected
    assert queued == chunks, (queued, chunks)
    query_limit = FIXED_QUERIES + chunks
    assert counter.count <= query_limit, (counter.count, query_limit)
    # A later benchmark's workers must not send these 100,000 notices.
    discard_queued_notifications()

    where = connection.vendor
    return [
        Figure(
            f"publish {number} to {expected:,} organisations",
            seconds,
            "s",
            goal=30,
            runs=1,
            note=f"{where}; marks all and queues {chunks} notification tasks; "
            f"fixture built in {fixture_s:.0f} s",
        ),
        Figure(
            "peak memory while publishing",
            memory.peak_mb,
            "MB",
            goal=400,
            runs=1,
            note=f"{where}; process peak RSS ({memory.how}); "
            f"{memory.baseline_mb:.0f} MB before publishing",
        ),
        Figure(
            "SQL queries while publishing",
            counter.count,
            "",
            runs=1,
            note=f"{where}; {expected:,} organisations, {chunks} chunks: one INSERT "
            "per chunk, none per organisation",
        ),
    ]


# -- fixture -----------------------------------------------------------------


def ensure_organisations(count: int) -> None:
    """At least ``count`` bench organisations, each with a signed DPA 1.0.

    Each batch is one transaction, so a run that was stopped half-way leaves
    whole batches and the next run carries on where it ended.
    """
    version = install_default_version()
    assert version.major == 1
    existing = Organisation.objects.filter(slug__startswith=SLUG_PREFIX).count()
    for start in range(existing, count, BATCH):
        create_batch(range(start, min(start + BATCH, count)), version)


def create_batch(numbers: Iterable[int], version: DpaVersion) -> None:
    now = timezone.now()
    numbers = list(numbers)
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Bench Organisation {n}",
                    slug=f"{SLUG_PREFIX}{n:06d}",
                    licence_signed_at=now,
                )
                for n in numbers
            ],
            batch_size=BATCH,
        )
        # An unusable password: hashing 100,000 real ones would take an hour.
        users = User.objects.bulk_create(
            [
                User(
                    email=f"admin-{n:06d}@bench.example",
                    full_name=f"Admin {n}",
                    password=f"{UNUSABLE_PASSWORD_PREFIX}bench",
                )
                for n in numbers
            ],
            batch_size=BATCH,
        )
        Membership.objects.bulk_create(
            [
                Membership(organisation=org, user=user, role=Role.ADMINISTRATOR)
                for org, user in zip(organisations, users, strict=True)
            ],
            batch_size=BATCH,
        )
        AgreementSettings.objects.bulk_create(
            [
                AgreementSettings(
                    organisation=org,
                    legal_name=org.name,
                    address=f"Benchstraße {n}\n10115 Berlin",
                    country="Germany",
                    registration_number=f"HRB {n}",
                    representative=user.full_name,
                    contact_email=user.email,
                    language="de" if n % 2 else "en",
                    default_groups=["employees"],
                )
                for n, org, user in zip(numbers, organisations, users, strict=True)
            ],
            batch_size=BATCH,
        )
        SignedAgreement.objects.bulk_create(
            [
                SignedAgreement(
                    organisation=org,
                    version=version,
                    language="de" if n % 2 else "en",
                    method=SigningMethod.DIGITAL,
                    status=AgreementStatus.SIGNED,
                    fingerprint=sha256(f"document {n}"),
                    document_identifier=f"DPA-BENCH-{n:06d}",
                    snapshot={},
                    signed_by=user,
                    signer_name=user.full_name,
                    signer_email=user.email,
                    signed_at=now,
                    pdf_name=f"bench/{n:06d}.pdf",
                    pdf_sha256=sha256(f"pdf {n}"),
                    seal_level="bench",
                )
                for n, org, user in zip(numbers, organisations, users, strict=True)
            ],
            batch_size=BATCH,
        )


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def staff_user() -> User:
    user, _ = User.objects.get_or_create(
        email=STAFF_EMAIL,
        defaults={
            "full_name": "Bench Staff",
            "is_staff": True,
            "password": f"{UNUSABLE_PASSWORD_PREFIX}bench",
        },
    )
    return user


def next_major_draft(staff: User) -> tuple[DpaVersion, str]:
    """A complete draft of the next major version, with the latest text."""
    # A draft left by a stopped run would block start_draft.
    DpaVersion.objects.filter(status=VersionStatus.DRAFT).delete()
    latest = DpaVersion.objects.order_by("-major", "-minor").first()
    assert latest is not None
    number = f"{latest.major + 1}.0"
    draft = start_draft(staff)
    renumber_draft(draft, number, staff)
    return draft, number


def organisations_to_mark(major: int) -> int:
    return (
        SignedAgreement.objects.filter(
            status=AgreementStatus.SIGNED, version__major__lt=major
        )
        .values("organisation_id")
        .distinct()
        .count()
    )


def latest_major_campaign() -> Campaign | None:
    return (
        Campaign.objects.filter(kind=CampaignKind.MAJOR).order_by("-started_at").first()
    )


def notification_tasks() -> Any:
    return DBTaskResult.objects.filter(task_path=notify_organisations.module_path)


def queued_notifications() -> int:
    return notification_tasks().ready().count()


def discard_queued_notifications() -> None:
    notification_tasks().ready().delete()


# -- measuring -----------------------------------------------------------------


class QueryCounter:
    """Counts every statement sent through Django's connection."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(
        self,
        execute: Callable[..., Any],
        sql: str,
        params: Any,
        many: bool,
        context: dict[str, Any],
    ) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


STATUS = Path("/proc/self/status")


def status_kb(field: str) -> int:
    for line in STATUS.read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise LookupError(field)


class PeakMemory:
    """The process's peak resident memory within a ``with`` block.

    Linux resets the high-water mark VmHWM to the current RSS when "5" is
    written to /proc/self/clear_refs; VmHWM at the end is then the exact peak
    of the block. Where that is refused, a thread samples VmRSS every 5 ms.
    """

    def __init__(self) -> None:
        self.baseline_kb = 0
        self.sampled_kb = 0
        self.peak_kb = 0
        self.reset = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        try:
            Path("/proc/self/clear_refs").write_text("5")
            self.reset = True
        except OSError:
            self.reset = False
        self.baseline_kb = self.sampled_kb = status_kb("VmRSS")
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sampled_kb = max(self.sampled_kb, status_kb("VmRSS"))
        hwm = status_kb("VmHWM")
        self.peak_kb = max(hwm, self.sampled_kb) if self.reset else self.sampled_kb

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            self.sampled_kb = max(self.sampled_kb, status_kb("VmRSS"))

    @property
    def how(self) -> str:
        return "VmHWM after reset" if self.reset else "VmRSS sampled every 5 ms"

    @property
    def peak_mb(self) -> float:
        return self.peak_kb / 1024

    @property
    def baseline_mb(self) -> float:
        return self.baseline_kb / 1024
