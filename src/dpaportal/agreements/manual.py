"""Manual signing: issue the document, accept the scan, review it, execute it.

The reviewer compares the scan with the issued document; approval makes the
DPA signed (method manual) with an executed PDF made of the scan and an
approval page, sealed by the processor as for a digital signature.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dpaportal.accounts.models import User
from dpaportal.agreements.errors import SigningFailed, SigningRefused
from dpaportal.agreements.evidence import utc
from dpaportal.agreements.execution import record_executed, seal_as_processor
from dpaportal.agreements.files import read_pdf, store_pdf
from dpaportal.agreements.manual_files import kept_only_if_recorded, store_originals
from dpaportal.agreements.models import (
    AgreementSettings,
    IssuedDocument,
    ManualUpload,
    SignedAgreement,
    SigningMethod,
    SignType,
    UploadStatus,
)
from dpaportal.agreements.services import (
    tell_administrators_of_decision,
    tell_reviewers,
)
from dpaportal.agreements.snapshots import organisation_snapshot
from dpaportal.audit.events import EventType
from dpaportal.audit.services import record_event
from dpaportal.documents.errors import DocumentError
from dpaportal.documents.execution import render_approval_pdf
from dpaportal.documents.joining import append_pdf
from dpaportal.documents.pages import page_count
from dpaportal.documents.pdf import render_pdf
from dpaportal.documents.snapshot import document_identifier, fingerprint
from dpaportal.organisations.models import Membership
from dpaportal.sealing.errors import SealingError
from dpaportal.uploads import InspectedUpload, UploadedFile, inspect_upload
from dpaportal.versions.services import latest_published_version

logger = logging.getLogger(__name__)


def manual_settings(membership: Membership) -> AgreementSettings:
    agreement = AgreementSettings.objects.filter(
        organisation=membership.organisation
    ).first()
    if agreement is None or agreement.sign_type != SignType.MANUAL:
        raise SigningRefused(_("Choose the sign type manual in the settings first."))
    if not membership.organisation.licence_signed:
        raise SigningRefused(
            _("The DPA can be signed once the licence agreement is signed.")
        )
    return agreement


def issue_manual_document(membership: Membership) -> tuple[IssuedDocument, bytes]:
    """The PDF to sign by hand, recorded with its fingerprint and page count."""
    manual_settings(membership)
    version = latest_published_version()
    if version is None:
        raise SigningRefused(_("No DPA version has been published yet."))
    snapshot = organisation_snapshot(membership.organisation, version, draft=False)
    digest = fingerprint(snapshot)
    issued = IssuedDocument.objects.filter(
        organisation=membership.organisation, fingerprint=digest
    ).first()
    if issued is not None:
        return issued, read_pdf(issued.pdf_name)

    pdf = render_pdf(snapshot, created_at=timezone.now())
    sha256 = hashlib.sha256(pdf).hexdigest()
    try:
        with kept_only_if_recorded() as stored:
            name = store_pdf(pdf, sha256, "issued")
            stored.append(name)
            with transaction.atomic():
                issued = IssuedDocument.objects.create(
                    organisation=membership.organisation,
                    version=version,
                    language=snapshot["language"],
                    fingerprint=digest,
                    identifier=document_identifier(snapshot, digest),
                    snapshot=snapshot,
                    page_count=page_count(pdf),
                    pdf_name=name,
                    pdf_sha256=sha256,
                    issued_by=membership.user,
                    issued_at=timezone.now(),
                )
                record_event(
                    EventType.MANUAL_ISSUED,
                    actor=membership.user,
                    organisation=membership.organisation,
                    target=issued,
                    details={"fingerprint": digest, "pages": issued.page_count},
                )
    except IntegrityError:
        # Issued a moment earlier by another request; its PDF is the one kept.
        issued = IssuedDocument.objects.get(
            organisation=membership.organisation, fingerprint=digest
        )
        return issued, read_pdf(issued.pdf_name)
    return issued, pdf


def pending_upload(organisation_id: int) -> ManualUpload | None:
    return ManualUpload.objects.filter(
        organisation_id=organisation_id, status=UploadStatus.UNDER_REVIEW
    ).first()


def upload_signed_scan(
    membership: Membership, files: Sequence[UploadedFile]
) -> ManualUpload:
    """Accept a scan of the issued document for review; refusals store nothing."""
    manual_settings(membership)
    issued = (
        IssuedDocument.objects.filter(organisation=membership.organisation)
        .order_by("-issued_at")
        .first()
    )
    if issued is None:
        raise SigningRefused(_("Download the DPA for signing by hand first."))
    if pending_upload(membership.organisation_id) is not None:
        raise SigningRefused(_("An upload is already waiting for review."))
    if SignedAgreement.objects.filter(
        organisation=membership.organisation, fingerprint=issued.fingerprint
    ).exists():
        raise SigningRefused(_("This DPA is signed already."))
    inspected = inspect_upload(files)

    try:
        with kept_only_if_recorded() as stored:
            return record_upload(membership, issued, inspected, files, stored)
    except IntegrityError:
        # Another request recorded its upload first: one waits at a time.
        raise SigningRefused(_("An upload is already waiting for review.")) from None
    except (DatabaseError, OSError) as error:
        logger.exception(
            "agreement.upload_failed",
            extra={"organisation_id": membership.organisation_id},
        )
        raise SigningFailed(
            _("The upload could not be saved. Nothing was stored; please try again.")
        ) from error


def record_upload(
    membership: Membership,
    issued: IssuedDocument,
    inspected: InspectedUpload,
    files: Sequence[UploadedFile],
    stored: list[str],
) -> ManualUpload:
    """Store the files, naming each in ``stored``, then record the upload."""
    originals = store_originals(inspected, files, stored)
    review_name = store_pdf(inspected.pdf, inspected.sha256, "uploads")
    stored.append(review_name)
    with transaction.atomic():
        upload = ManualUpload.objects.create(
            organisation=membership.organisation,
            issued=issued,
            uploaded_by=membership.user,
            uploaded_at=timezone.now(),
            kind=inspected.kind,
            originals=originals,
            review_pdf_name=review_name,
            review_pdf_sha256=inspected.sha256,
            page_count=inspected.page_count,
        )
        record_event(
            EventType.MANUAL_UPLOADED,
            actor=membership.user,
            organisation=membership.organisation,
            target=upload,
            details={
                "issued": issued.identifier,
                "pages": upload.page_count,
                "sha256": [original["sha256"] for original in originals],
            },
        )
        # Queued in the same transaction: the e-mail goes out exactly
        # when the upload is recorded, even if this process dies next.
        tell_reviewers(upload)
    return upload


def withdraw_pending_upload(organisation_id: int, actor: User) -> ManualUpload | None:
    """A switch to digital signing withdraws the scan waiting for review.

    The row is locked and only an upload still under review changes: a
    reviewer's approval committed a moment earlier stands, with its signed DPA.
    """
    with transaction.atomic():
        upload = (
            ManualUpload.objects.select_for_update()
            .filter(organisation_id=organisation_id, status=UploadStatus.UNDER_REVIEW)
            .first()
        )
        if upload is None:
            return None
        # The status condition again, for databases that ignore the lock.
        withdrawn = ManualUpload.objects.filter(
            pk=upload.pk, status=UploadStatus.UNDER_REVIEW
        ).update(
            status=UploadStatus.WITHDRAWN,
            decided_by=actor,
            decided_at=timezone.now(),
        )
        if not withdrawn:
            return None
        upload.refresh_from_db()
        record_event(
            EventType.MANUAL_WITHDRAWN,
            actor=actor,
            organisation=upload.organisation,
            target=upload,
            details={"reason": "sign type changed"},
        )
    return upload


def reject_upload(upload: ManualUpload, reviewer: User, reason: str) -> ManualUpload:
    """Send the scan back with a reason the customer sees; recorded once.

    Only the call that decides tells the administrators, inside the decision's
    transaction and under its row lock, so a repeated request sends nothing.
    """
    reason = reason.strip()
    if not reason:
        raise SigningRefused(_("Give the reason for the rejection."))
    with transaction.atomic():
        locked = ManualUpload.objects.select_for_update().get(pk=upload.pk)
        if locked.status == UploadStatus.REJECTED:
            return locked
        if locked.status != UploadStatus.UNDER_REVIEW:
            raise SigningRefused(_("This upload has been decided already."))
        locked.status = UploadStatus.REJECTED
        locked.decided_by = reviewer
        locked.decided_at = timezone.now()
        locked.rejection_reason = reason
        locked.save(
            update_fields=["status", "decided_by", "decided_at", "rejection_reason"]
        )
        record_event(
            EventType.MANUAL_REJECTED,
            actor=reviewer,
            organisation=locked.organisation,
            target=locked,
            details={"reason": reason},
        )
        tell_administrators_of_decision(locked)
    return locked


def approval_record(
    upload: ManualUpload, reviewer: User, decided_at: datetime
) -> dict[str, Any]:
    issued = upload.issued
    record: dict[str, Any] = {
        "organisation": upload.organisation.name,
        "issued_identifier": issued.identifier,
        "issued_fingerprint": issued.fingerprint,
        "issued_pages": issued.page_count,
        "uploaded_files": [
            {"name": original["name"], "sha256": original["sha256"]}
            for original in upload.originals
        ],
        "uploaded_pages": upload.page_count,
        "reviewer_name": reviewer.full_name,
        "reviewer_email": reviewer.email,
        "decided_at": utc(decided_at),
    }
    if upload.kind == "images":
        # The executed DPA begins with this PDF, not with any uploaded file.
        record["joined_pdf_sha256"] = upload.review_pdf_sha256
    return record


def approve_upload(upload: ManualUpload, reviewer: User) -> SignedAgreement:
    """Execute the DPA from the scan; a second approval returns the first.

    The administrators are told as for a rejection: once, by the deciding call.
    """
    try:
        # The transaction ends inside: a failing commit removes the stored PDF.
        with kept_only_if_recorded() as stored, transaction.atomic():
            locked = ManualUpload.objects.select_for_update().get(pk=upload.pk)
            if locked.status == UploadStatus.APPROVED and locked.agreement is not None:
                return locked.agreement
            if locked.status != UploadStatus.UNDER_REVIEW:
                raise SigningRefused(_("This upload has been decided already."))
            agreement = execute_upload(locked, reviewer, stored)
    except (DatabaseError, OSError) as error:
        logger.exception("agreement.approval_failed", extra={"upload_id": upload.pk})
        raise SigningFailed(
            _("The executed DPA could not be produced. Nothing was approved.")
        ) from error
    logger.info("agreement.approved", extra={"agreement_id": agreement.pk})
    return agreement


def execute_upload(
    locked: ManualUpload, reviewer: User, stored: list[str]
) -> SignedAgreement:
    """Make, store and record the executed DPA of an upload under review."""
    decided_at = timezone.now().replace(microsecond=0)
    approval = approval_record(locked, reviewer, decided_at)
    pdf, level, sha256 = executed_pdf(locked, approval, decided_at)
    name = store_pdf(pdf, sha256, "signed")
    stored.append(name)
    issued = locked.issued
    signer = locked.uploaded_by
    agreement = SignedAgreement(
        organisation=locked.organisation,
        version=issued.version,
        language=issued.language,
        method=SigningMethod.MANUAL,
        fingerprint=issued.fingerprint,
        document_identifier=issued.identifier,
        snapshot=issued.snapshot,
        signed_by=signer,
        signer_name=signer.full_name if signer else "",
        signer_email=signer.email if signer else "",
        signed_at=decided_at,
        pdf_name=name,
        pdf_sha256=sha256,
        seal_level=level,
    )
    record_executed(agreement, {"approval": approval})
    locked.status = UploadStatus.APPROVED
    locked.decided_by = reviewer
    locked.decided_at = decided_at
    locked.agreement = agreement
    locked.save(update_fields=["status", "decided_by", "decided_at", "agreement"])
    record_event(
        EventType.MANUAL_APPROVED,
        actor=reviewer,
        organisation=locked.organisation,
        target=locked,
        details={"agreement_id": agreement.pk, "pdf_sha256": sha256},
    )
    tell_administrators_of_decision(locked)
    return agreement


def executed_pdf(
    upload: ManualUpload, approval: dict[str, Any], decided_at: datetime
) -> tuple[bytes, str, str]:
    try:
        page = render_approval_pdf(
            upload.issued.language, approval, created_at=decided_at
        )
        joined = append_pdf(read_pdf(upload.review_pdf_name), page)
        sealed = seal_as_processor(
            joined, f"Approved manually signed DPA {upload.issued.identifier}"
        )
    except (DocumentError, SealingError, OSError) as error:
        logger.exception("agreement.approval_failed", extra={"upload_id": upload.pk})
        raise SigningFailed(
            _("The executed DPA could not be produced. Nothing was approved.")
        ) from error
    return sealed.pdf, sealed.level, sealed.sha256
