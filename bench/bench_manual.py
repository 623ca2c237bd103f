"""Manual signing: accepting a scanned upload, and approving it with the seal."""

from __future__ import annotations

import io
import time
from statistics import median

from django.conf import settings
from django.core.management import call_command
from PIL import Image

from bench.timing import Figure
from dpaportal.accounts.models import User
from dpaportal.agreements.manual import (
    approve_upload,
    issue_manual_document,
    upload_signed_scan,
)
from dpaportal.agreements.models import AgreementSettings
from dpaportal.demo.seed import seed_demo
from dpaportal.organisations.models import Membership
from dpaportal.uploads import UploadedFile

RUNS = 12


def measure() -> list[Figure]:
    call_command("migrate", verbosity=0)
    seed_demo(settings.DATA_DIR)
    membership = Membership.objects.select_related("organisation", "user").get(
        user__email="anna.admin@muster.example"
    )
    reviewer = User.objects.get(email="rudi.review@vendor.example")
    scan = scanned_pdf(pages=10)
    accept_times, approve_times = [], []
    for round_number in range(RUNS + 1):
        prepare_new_document(membership, round_number)
        issue_manual_document(membership)
        started = time.perf_counter()
        upload = upload_signed_scan(membership, [UploadedFile("scan.pdf", scan)])
        accepted = time.perf_counter()
        approve_upload(upload, reviewer)
        approved = time.perf_counter()
        if round_number:  # the first round warms caches up
            accept_times.append((accepted - started) * 1000)
            approve_times.append((approved - accepted) * 1000)
    size = f"{len(scan) // 1024} KiB"
    return [
        Figure(
            f"accept a 10-page scanned PDF upload ({size}), checks and storage",
            median(accept_times),
            "ms",
            goal=500,
            runs=RUNS,
        ),
        Figure(
            "approve it: approval page, join, seal, store, commit",
            median(approve_times),
            "ms",
            goal=300,
            runs=RUNS,
        ),
    ]


def prepare_new_document(membership: Membership, round_number: int) -> None:
    """Each round changes the settings, so each round issues a new document."""
    AgreementSettings.objects.update_or_create(
        organisation=membership.organisation,
        defaults={
            "legal_name": "Muster GmbH",
            "address": "Musterweg 1\n10115 Berlin",
            "country": "Germany",
            "registration_number": f"HRB {round_number}",
            "representative": "Maria Muster",
            "contact_email": "legal@muster.example",
            "sign_type": "manual",
        },
    )


def scanned_pdf(pages: int) -> bytes:
    """A scanner's PDF: one greyish JPEG page image per page."""
    images = [
        Image.effect_noise((1240, 1754), 40 + page).convert("RGB")
        for page in range(pages)
    ]
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], quality=60)
    return out.getvalue()
