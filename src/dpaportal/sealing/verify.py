"""Check the seal of a PDF: intact, covering the whole file, and trusted.

The answer is a report, never an exception: whatever bytes arrive, from an
upload or a years-old archive, the validator says in one line what is wrong.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import (
    EmbeddedPdfSignature,
    PdfSignatureStatus,
    SignatureCoverageLevel,
    validate_pdf_signature,
)
from pyhanko_certvalidator import ValidationContext

from dpaportal.sealing.certificates import Certificate, as_asn1, subject_of
from dpaportal.sealing.seal import LEVEL_B_B, LEVEL_B_T

NOT_A_PDF = "not a PDF"
DAMAGED = "the file is damaged and cannot be read as a PDF"
NO_SEAL = "the file has no seal"
CHANGED = "the file was changed after sealing"
BROKEN = "the seal is broken"
UNTRUSTED = "the seal's certificate is not trusted"
TIME_STAMP_BROKEN = "the seal's time stamp is broken"
TIME_STAMP_UNTRUSTED = "the time stamp's certificate is not trusted"

HEADER_WINDOW = 1024
"""Readers accept the %PDF- header anywhere in the first kilobyte."""

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SealReport:
    """What can be said of the seal of one file; ``problem`` is empty when valid."""

    is_pdf: bool
    """False for bytes that are no PDF at all; a command exits with 2 for them."""
    sealed: bool = False
    intact: bool = False
    """The digest of the signed byte ranges matches the seal."""
    covers_whole_file: bool = False
    """Nothing was added after the seal but later seal maintenance (B-LTA)."""
    trusted: bool = False
    """The seal's certificate chains to one of the trust roots."""
    level: str = ""
    """``B-T`` when a valid signature time stamp is embedded, else ``B-B``."""
    signing_time: datetime | None = None
    """From the time stamp at B-T, else as the sealer declared it."""
    signer: str = ""
    """The seal certificate's subject, as RFC 4514 text."""
    reason: str = ""
    """The reason the sealer gave; covered by the seal, so trustworthy if valid."""
    problem: str = ""

    @property
    def valid(self) -> bool:
        """True when the seal holds in every respect."""
        return self.sealed and not self.problem


def validate_seal(pdf: bytes, trust_roots: Sequence[Certificate]) -> SealReport:
    """Validate the last seal of ``pdf`` against ``trust_roots``, offline."""
    roots = [as_asn1(root) for root in trust_roots]
    if b"%PDF-" not in pdf[:HEADER_WINDOW]:
        return SealReport(is_pdf=False, problem=NOT_A_PDF)
    try:
        seals = PdfFileReader(io.BytesIO(pdf)).embedded_regular_signatures
    except Exception:
        # Damaged input can fail anywhere in a parser; the validator must
        # answer all the same.
        return SealReport(is_pdf=True, problem=DAMAGED)
    if not seals:
        return SealReport(is_pdf=True, problem=NO_SEAL)

    try:
        status = _validate(seals[-1], roots)
    except Exception:
        # pyhanko-certvalidator can fail outright on a chain it cannot follow,
        # such as a trust root of the seal's issuer name but with another key
        # type; the seal itself can still be checked, just not trusted.
        try:
            status = _validate(seals[-1], ())
        except Exception:
            # Logged, because an error of the environment (such as an event
            # loop already running in this thread) ends here too.
            logger.warning("sealing.validation_failed", exc_info=True)
            return SealReport(is_pdf=True, sealed=True, problem=BROKEN)
    return _report(status, _reason(seals[-1]))


def _reason(seal: EmbeddedPdfSignature) -> str:
    try:
        return str(seal.sig_object.get("/Reason", ""))
    except Exception:
        # A damaged value says nothing; the seal's own checks still answer.
        return ""


def _validate(
    seal: EmbeddedPdfSignature, roots: Sequence[asn1_x509.Certificate]
) -> PdfSignatureStatus:
    return validate_pdf_signature(
        seal,
        signer_validation_context=_offline_context(roots),
        ts_validation_context=_offline_context(roots),
    )


def _offline_context(roots: Sequence[asn1_x509.Certificate]) -> ValidationContext:
    # No fetching: a validator that phones out could be steered by the file
    # it checks, and must give the same answer on an offline machine.
    return ValidationContext(
        trust_roots=list(roots),
        allow_fetching=False,
        revocation_mode="soft-fail",
    )


def _report(status: PdfSignatureStatus, reason: str) -> SealReport:
    token = status.timestamp_validity
    time_stamped = token is not None and token.intact and token.valid
    time_stamp_trusted = time_stamped and token is not None and token.trusted
    # ETSI EN 319 142-1: B-T needs a signature time stamp proving the seal
    # existed at that time; an untrusted one proves nothing, so it stays B-B.
    level = LEVEL_B_T if time_stamp_trusted else LEVEL_B_B
    signing_time = (
        token.timestamp
        if time_stamp_trusted and token is not None
        else status.signer_reported_dt
    )
    covers = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level == ModificationLevel.LTA_UPDATES
    )
    trusted = status.validation_path is not None and status.trust_problem_indic is None
    problems = [
        (not status.intact, CHANGED),
        (not status.valid, BROKEN),
        (not covers, CHANGED),
        (not trusted, UNTRUSTED),
        (token is not None and not time_stamped, TIME_STAMP_BROKEN),
        (time_stamped and not time_stamp_trusted, TIME_STAMP_UNTRUSTED),
    ]
    return SealReport(
        is_pdf=True,
        sealed=True,
        intact=status.intact,
        covers_whole_file=covers,
        trusted=trusted,
        level=level,
        signing_time=signing_time,
        signer=subject_of(status.signing_cert),
        reason=reason,
        problem=next((problem for failed, problem in problems if failed), ""),
    )
