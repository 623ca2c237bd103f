"""Is this PDF a signed DPA that this portal issued, with its seal intact?"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from dpaportal.agreements.models import SignedAgreement
from dpaportal.agreements.seal_keys import trust_roots
from dpaportal.sealing.verify import SealReport, validate_seal

# The portal names the document in the seal's reason, which the seal covers.
IDENTIFIER = re.compile(r"\bDPA-[0-9A-Za-z.]+-[A-Z]{2}-[0-9A-F]{10}\b")


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
    if agreement is not None:
        return Verdict(report, agreement, "")

    # Bytes outside the signed ranges (such as the padding of the seal's value)
    # can change without breaking the seal; the record of the document tells.
    identifier = issued_as(report.reason)
    if identifier:
        return Verdict(
            report,
            None,
            "the seal is valid, but the file differs from the file this portal "
            f"issued as {identifier}",
        )
    return Verdict(
        report,
        None,
        "the seal is valid, but this portal has no record of issuing this file",
    )


def issued_as(reason: str) -> str:
    """The identifier a seal's reason names, if this portal issued it; else ""."""
    match = IDENTIFIER.search(reason)
    if match is None:
        return ""
    identifier = match.group(0)
    issued = SignedAgreement.objects.filter(document_identifier=identifier).exists()
    return identifier if issued else ""
