"""What every executed DPA goes through, signed digitally or on paper."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from dpaportal.agreements.evidence import canonical_hash
from dpaportal.agreements.models import SignatureEvidence, SignedAgreement
from dpaportal.agreements.seal_keys import current_sealer
from dpaportal.audit.events import EventType
from dpaportal.audit.services import record_event
from dpaportal.campaigns.services import fulfil_requirements, require_newer_campaigns
from dpaportal.sealing.seal import SealedPdf, seal_pdf


def seal_as_processor(pdf: bytes, reason: str) -> SealedPdf:
    """The processor's signature: its seal, B-T when a TSA is configured."""
    return seal_pdf(
        pdf,
        current_sealer(),
        tsa_url=settings.TSA_URL,
        reason=reason,
        location=settings.BASE_URL,
    )


def record_executed(
    agreement: SignedAgreement, evidence: dict[str, Any]
) -> SignedAgreement:
    """Save a signed DPA with its frozen evidence, inside the caller's transaction.

    A new signature supersedes the organisation's older ones, each recorded in
    the audit log, and settles the campaigns it answers.
    """
    agreement.save()
    for old in fulfil_requirements(agreement):
        record_event(
            EventType.DPA_SUPERSEDED,
            actor=agreement.signed_by,
            organisation=agreement.organisation,
            target=old,
            details={
                "agreement_id": old.pk,
                "version": old.version.number,
                "superseded_by_agreement_id": agreement.pk,
                "superseded_by_version": agreement.version.number,
            },
        )
    require_newer_campaigns(agreement)
    SignatureEvidence.objects.create(
        agreement=agreement, record=evidence, record_sha256=canonical_hash(evidence)
    )
    return agreement
