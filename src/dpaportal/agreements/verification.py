"""Is this PDF a signed DPA that this portal issued, with its seal intact?"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from dpaportal.agreements.models import SignedAgreement
from dpaportal.agreements.seal_keys import trust_roots
from dpaportal.sealing.verify import SealReport, validate_seal


@dataclass(frozen=True)
class Verdict:
    report: SealReport
    agreement: SignedAgreement | None
    problem: str

    @property
    def is_pdf(self) -> bool:
        return self.report.is_pdf

    @property
    def valid(self) -> bool:
        return not self.problem


def verify_signed_pdf(pdf: bytes) -> Verdict:
    """Check the seal against the trust roots and find the issued record."""
    report = validate_seal(pdf, trust_roots())
    if not report.valid:
        return Verdict(report, None, report.problem or "the seal is not valid")
    digest = hashlib.sha256(pdf).hexdigest()
    agreement = (
        SignedAgreement.objects.select_related("organisation", "version")
        .filter(pdf_sha256=digest)
        .first()
    )
    if agreement is None:
        return Verdict(
            report,
            None,
            "the seal is valid, but this portal has no record of issuing this file",
        )
    return Verdict(report, agreement, "")
