"""A digital signature end to end: checks, render, seal, store, commit; and verify."""

from __future__ import annotations

from django.core.management import call_command
from django.utils import timezone

from bench.timing import Figure, median_ms
from dpaportal.accounts.models import User
from dpaportal.agreements.evidence import SigningContext
from dpaportal.agreements.files import read_pdf
from dpaportal.agreements.models import AgreementSettings
from dpaportal.agreements.signing import (
    document_for_signing,
    record_reading,
    session_reference,
    sign_agreement,
)
from dpaportal.agreements.verification import verify_signed_pdf
from dpaportal.demo.seed import seed_demo
from dpaportal.organisations.models import Membership, Organisation, Role

RUNS = 20


def measure() -> list[Figure]:
    call_command("migrate", verbosity=0)
    from django.conf import settings

    seed_demo(settings.DATA_DIR)
    membership = signer_membership()
    round_number = iter(range(10_000))
    last_pdf_name = ""

    def sign_once() -> None:
        nonlocal last_pdf_name
        # Each round changes the settings, so each round signs a new document.
        agreement = membership.organisation.agreement_settings
        agreement.own_groups = [f"Group {next(round_number)}"]
        agreement.save()
        document = document_for_signing(membership)
        record_reading(membership, "bench-session", document.fingerprint, "end")
        outcome = sign_agreement(
            membership,
            shown_fingerprint=document.fingerprint,
            confirmed=True,
            typed_name="Sina Signer",
            context=SigningContext(
                "192.0.2.1", "bench", session_reference("bench-session"), "bench", {}
            ),
        )
        assert outcome.created
        last_pdf_name = outcome.agreement.pdf_name

    sign_ms = median_ms(sign_once, runs=RUNS, warmup=2)
    pdf = read_pdf(last_pdf_name)
    verdict = verify_signed_pdf(pdf)
    assert verdict.valid, verdict.problem
    verify_ms = median_ms(lambda: verify_signed_pdf(pdf), runs=RUNS)
    return [
        Figure(
            "sign request end to end (checks, render, seal, store, commit)",
            sign_ms,
            "ms",
            goal=250,
            runs=RUNS,
            note="includes recording the read-through; SQLite unless DATABASE_URL",
        ),
        Figure(
            "verify a signed DPA (seal and record)", verify_ms, "ms", goal=60, runs=RUNS
        ),
    ]


def signer_membership() -> Membership:
    organisation = Organisation.objects.get(slug="muster-gmbh")
    signer = User.objects.get(email="sina.signer@muster.example")
    settings, _ = AgreementSettings.objects.get_or_create(
        organisation=organisation,
        defaults={
            "legal_name": "Muster GmbH",
            "address": "Musterweg 1\n10115 Berlin",
            "country": "Germany",
            "registration_number": "HRB 98765",
            "representative": "Maria Muster",
            "contact_email": "legal@muster.example",
            "default_groups": ["employees"],
        },
    )
    settings.signers.add(signer)
    organisation.licence_signed_at = organisation.licence_signed_at or timezone.now()
    organisation.save()
    return Membership.objects.select_related("organisation", "user").get(
        organisation=organisation, user=signer, role=Role.MEMBER
    )
