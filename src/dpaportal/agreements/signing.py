"""Signing a DPA digitally: read-through, checks, evidence, sealed PDF.

Order matters: every check runs before anything is stored; rendering and
sealing happen before the transaction, so a failure there records nothing;
the unique constraint on (organisation, fingerprint) decides a race, and the
loser returns the winner's signed DPA.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dpaportal.agreements.errors import (
    DocumentChanged,
    NotAuthorizedToSign,
    SigningFailed,
    SigningRefused,
)
from dpaportal.agreements.evidence import (
    SigningContext,
    evidence_record,
)
from dpaportal.agreements.execution import record_executed, seal_as_processor
from dpaportal.agreements.files import delete_file, store_pdf
from dpaportal.agreements.models import (
    AgreementSettings,
    ReadingRecord,
    SignedAgreement,
    SigningMethod,
)
from dpaportal.agreements.seal_keys import SealNotConfigured
from dpaportal.agreements.services import send_signed_copies
from dpaportal.agreements.snapshots import organisation_snapshot
from dpaportal.audit.events import EventType
from dpaportal.audit.services import record_event
from dpaportal.documents.errors import DocumentError
from dpaportal.documents.execution import render_signed_pdf
from dpaportal.documents.snapshot import Snapshot, document_identifier, fingerprint
from dpaportal.organisations.models import Membership, Role
from dpaportal.sealing.errors import SealingError
from dpaportal.versions.models import DpaVersion
from dpaportal.versions.services import latest_published_version

logger = logging.getLogger(__name__)

CONSENT_WORDING = {
    "en": (
        "I confirm that I am authorized to sign this data processing agreement "
        "on behalf of {company}, that I have read it in full, and I sign it "
        "electronically with the name typed below."
    ),
    "de": (
        "Ich bestätige, dass ich berechtigt bin, diesen Auftragsverarbeitungs"
        "vertrag für {company} zu unterzeichnen, dass ich ihn vollständig gelesen "
        "habe, und ich unterzeichne ihn elektronisch mit dem unten eingegebenen "
        "Namen."
    ),
}


@dataclass(frozen=True)
class SigningOutcome:
    agreement: SignedAgreement
    created: bool
    """False when the document had been signed already (a repeated request)."""


@dataclass(frozen=True)
class DocumentForSigning:
    """The document a signer is shown, pinned by its fingerprint."""

    version: DpaVersion
    snapshot: Snapshot
    fingerprint: str
    identifier: str
    consent_wording: str


def session_reference(session_key: str) -> str:
    """A reference to the session that does not reveal its key."""
    return hashlib.sha256(f"dpaportal-session:{session_key}".encode()).hexdigest()[:32]


def is_signer(membership: Membership) -> bool:
    return AgreementSettings.objects.filter(
        organisation_id=membership.organisation_id, signers=membership.user
    ).exists()


def document_for_signing(membership: Membership) -> DocumentForSigning:
    """The current document of the organisation, as a signer would sign it."""
    version = latest_published_version()
    if version is None:
        raise SigningRefused(_("No DPA version has been published yet."))
    snapshot = organisation_snapshot(membership.organisation, version, draft=False)
    digest = fingerprint(snapshot)
    company = snapshot["parties"]["controller"]["legal_name"]
    return DocumentForSigning(
        version=version,
        snapshot=snapshot,
        fingerprint=digest,
        identifier=document_identifier(snapshot, digest),
        consent_wording=CONSENT_WORDING[snapshot["language"]].format(company=company),
    )


def ensure_may_sign(membership: Membership) -> None:
    if not is_signer(membership):
        raise NotAuthorizedToSign(
            _("Only the authorized signers named in the DPA settings may sign.")
        )
    if not membership.organisation.licence_signed:
        raise SigningRefused(
            _("The DPA can be signed once the licence agreement is signed.")
        )


def record_reading(
    membership: Membership, session_key: str, shown_fingerprint: str, event: str
) -> ReadingRecord:
    """Note that the signer opened the document or reached its end."""
    ensure_may_sign(membership)
    document = document_for_signing(membership)
    if shown_fingerprint != document.fingerprint:
        raise DocumentChanged(_("The document has changed. Please read it again."))
    now = timezone.now()
    with transaction.atomic():
        reading, created = ReadingRecord.objects.get_or_create(
            organisation=membership.organisation,
            user=membership.user,
            session_reference=session_reference(session_key),
            fingerprint=document.fingerprint,
            defaults={"opened_at": now},
        )
        if created:
            audit_reading(membership, EventType.DPA_DOCUMENT_OPENED, document)
        if event == "end" and reading.end_reached_at is None:
            reading.end_reached_at = now
            reading.save(update_fields=["end_reached_at"])
            audit_reading(membership, EventType.DPA_END_REACHED, document)
    return reading


def audit_reading(
    membership: Membership, event: EventType, document: DocumentForSigning
) -> None:
    record_event(
        event,
        actor=membership.user,
        organisation=membership.organisation,
        details={
            "fingerprint": document.fingerprint,
            "version": document.version.number,
        },
    )


def sign_agreement(
    membership: Membership,
    *,
    shown_fingerprint: str,
    confirmed: bool,
    typed_name: str,
    context: SigningContext,
) -> SigningOutcome:
    """Sign the document the signer read; a repeated request returns the first."""
    ensure_may_sign(membership)
    existing = SignedAgreement.objects.filter(
        organisation=membership.organisation, fingerprint=shown_fingerprint
    ).first()
    if existing is not None:
        return SigningOutcome(existing, created=False)

    document = document_for_signing(membership)
    if shown_fingerprint != document.fingerprint:
        raise DocumentChanged(
            _("The document has changed since it was shown. Please read it again.")
        )
    reading = ReadingRecord.objects.filter(
        user=membership.user,
        session_reference=context.session_reference,
        fingerprint=document.fingerprint,
        end_reached_at__isnull=False,
    ).first()
    if reading is None or reading.end_reached_at is None:
        raise SigningRefused(
            _("Please scroll through the whole document before signing.")
        )
    if not confirmed:
        raise SigningRefused(_("Please confirm that you are authorized to sign."))
    typed_name = " ".join(typed_name.split())
    if not typed_name:
        raise SigningRefused(_("Please type your full name."))
    if len(typed_name) > 200:
        raise SigningRefused(_("The name may have 200 characters at most."))

    signed_at = timezone.now().replace(microsecond=0)
    evidence = evidence_record(
        signer=signer_profile(membership, typed_name),
        context=context,
        opened_at=reading.opened_at,
        end_reached_at=reading.end_reached_at,
        signed_at=signed_at,
        snapshot=document.snapshot,
        fingerprint=document.fingerprint,
        identifier=document.identifier,
        consent_wording=document.consent_wording,
    )
    pdf, level, sha256 = seal_signed_document(document, evidence, signed_at)
    return record_signature(
        membership, document, evidence, signed_at, typed_name, pdf, level, sha256
    )


def signer_profile(membership: Membership, typed_name: str) -> dict[str, object]:
    user = membership.user
    # A code, not words: the evidence page prints it in the document's language.
    role = "administrator" if membership.role == Role.ADMINISTRATOR else "member"
    return {
        "user_id": user.pk,
        "name": user.full_name,
        "typed_name": typed_name,
        "email": user.email,
        "role": role,
        "organisation": membership.organisation.name,
        "organisation_id": membership.organisation_id,
    }


def seal_signed_document(
    document: DocumentForSigning, evidence: dict[str, object], signed_at: datetime
) -> tuple[bytes, str, str]:
    """Render and seal; any failure becomes one message and stores nothing."""
    try:
        rendered = render_signed_pdf(document.snapshot, evidence, created_at=signed_at)
        sealed = seal_as_processor(
            rendered, f"Data processing agreement {document.identifier}"
        )
    except SealNotConfigured as error:
        logger.exception(
            "agreement.seal_not_configured", extra={"identifier": document.identifier}
        )
        raise SigningFailed(
            _(
                "The DPA cannot be signed at the moment: the processor's seal is "
                "not set up. Nothing was signed; please try again later."
            )
        ) from error
    except (DocumentError, SealingError, OSError) as error:
        logger.exception(
            "agreement.sealing_failed", extra={"identifier": document.identifier}
        )
        raise SigningFailed(
            _(
                "The signed DPA could not be produced. Nothing was signed; "
                "please try again."
            )
        ) from error
    return sealed.pdf, sealed.level, sealed.sha256


def record_signature(
    membership: Membership,
    document: DocumentForSigning,
    evidence: dict[str, object],
    signed_at: datetime,
    typed_name: str,
    pdf: bytes,
    level: str,
    sha256: str,
) -> SigningOutcome:
    try:
        name = store_pdf(pdf, sha256, "signed")
    except OSError as error:
        raise storing_failed(sha256) from error
    try:
        with transaction.atomic():
            agreement = SignedAgreement(
                organisation=membership.organisation,
                version=document.version,
                language=document.snapshot["language"],
                method=SigningMethod.DIGITAL,
                fingerprint=document.fingerprint,
                document_identifier=document.identifier,
                snapshot=document.snapshot,
                signed_by=membership.user,
                signer_name=typed_name,
                signer_email=membership.user.email,
                signed_at=signed_at,
                pdf_name=name,
                pdf_sha256=sha256,
                seal_level=level,
            )
            record_executed(agreement, evidence)
            record_event(
                EventType.DPA_SIGNED,
                actor=membership.user,
                organisation=membership.organisation,
                target=agreement,
                # The hashes chain the evidence and the file into the audit
                # log, so verify-audit also covers them.
                details={
                    "fingerprint": document.fingerprint,
                    "version": document.version.number,
                    "pdf_sha256": sha256,
                    "record_sha256": agreement.evidence.record_sha256,
                    "seal_level": level,
                },
            )
            # Queued in the same transaction: the confirmation leaves exactly
            # when the signature is committed, and only for the request that
            # made it.
            send_signed_copies(agreement, translation.get_language())
    except IntegrityError as error:
        discard_unrecorded_pdf(name)
        # A concurrent request signed the same document first.
        winner = SignedAgreement.objects.filter(
            organisation=membership.organisation, fingerprint=document.fingerprint
        ).first()
        if winner is None:
            raise storing_failed(sha256) from error
        return SigningOutcome(winner, created=False)
    except Exception as error:
        # Whatever failed, the transaction stored nothing; the file must go too,
        # and the signer gets a message instead of a bare error page.
        discard_unrecorded_pdf(name)
        raise storing_failed(sha256) from error
    logger.info(
        "agreement.signed",
        extra={
            "agreement_id": agreement.pk,
            "organisation_id": membership.organisation_id,
        },
    )
    return SigningOutcome(agreement, created=True)


def storing_failed(sha256: str) -> SigningFailed:
    logger.exception("agreement.storing_failed", extra={"sha256": sha256})
    return SigningFailed(
        _("The signed DPA could not be stored. Nothing was signed; please try again.")
    )


def discard_unrecorded_pdf(name: str) -> None:
    """Remove a stored PDF that no signed DPA points to, after a failed save."""
    if not SignedAgreement.objects.filter(pdf_name=name).exists():
        delete_file(name)
