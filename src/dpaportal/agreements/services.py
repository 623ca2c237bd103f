"""Telling people about the DPA: signers to sign, everyone about a signature."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dpaportal.accounts.models import User
from dpaportal.agreements.errors import SigningRefused
from dpaportal.agreements.models import (
    AgreementSettings,
    ManualUpload,
    SignedAgreement,
    SignType,
)
from dpaportal.agreements.snapshots import current_signers
from dpaportal.audit.events import EventType
from dpaportal.audit.services import record_event
from dpaportal.mail import absolute_url, send_message
from dpaportal.organisations.models import Role
from dpaportal.staff.access import REVIEWERS

logger = logging.getLogger(__name__)


def inform_signers(agreement: AgreementSettings, actor: User, language: str) -> int:
    """E-mail each authorized signer a link to the DPA page."""
    # The page hides the button in these cases; a hand-made request must not
    # send signers to a signature the portal would refuse.
    if agreement.sign_type != SignType.DIGITAL:
        raise SigningRefused(
            _("The DPA is set to be signed by hand, so there is no signer to inform.")
        )
    if not agreement.organisation.licence_signed:
        raise SigningRefused(
            _("The DPA can be signed once the licence agreement is signed.")
        )
    signers = current_signers(agreement)
    if not signers:
        raise SigningRefused(_("Name at least one authorized signer first."))
    organisation = agreement.organisation
    link = absolute_url(reverse("agreements:page", args=[organisation.slug]))
    for signer in signers:
        send_message(
            kind="dpa.signer_informed",
            recipients=[signer.email],
            template="dpa_sign_request",
            context={"organisation": organisation, "inviter": actor, "link": link},
            language=language,
        )
    with transaction.atomic():
        agreement.signers_informed_at = timezone.now()
        agreement.save(update_fields=["signers_informed_at"])
        record_event(
            EventType.DPA_SIGNERS_INFORMED,
            actor=actor,
            organisation=organisation,
            target=agreement,
            details={"signer_ids": [signer.pk for signer in signers]},
        )
    return len(signers)


def send_signed_copies(agreement: SignedAgreement, language: str) -> None:
    """Tell the signer and the administrators that the signed DPA is ready."""
    organisation = agreement.organisation
    link = absolute_url(reverse("agreements:page", args=[organisation.slug]))
    for person in signed_copy_recipients(agreement):
        send_message(
            kind="dpa.signed",
            recipients=[person.email],
            template="dpa_signed",
            context={
                "organisation": organisation,
                "agreement": agreement,
                "link": link,
            },
            language=language,
        )


def signed_copy_recipients(agreement: SignedAgreement) -> list[User]:
    """The signer and the organisation's administrators, each once."""
    administrators = User.objects.filter(
        memberships__organisation=agreement.organisation,
        memberships__role=Role.ADMINISTRATOR,
    )
    people = {user.pk: user for user in administrators}
    if agreement.signed_by is not None:
        people[agreement.signed_by.pk] = agreement.signed_by
    return sorted(people.values(), key=lambda user: user.email)


def record_download(agreement: SignedAgreement, user: User) -> None:
    record_event(
        EventType.DPA_DOWNLOADED,
        actor=user,
        organisation=agreement.organisation,
        target=agreement,
        details={"pdf_sha256": agreement.pdf_sha256},
    )


def tell_reviewers(upload: ManualUpload) -> None:
    """E-mail the vendor's reviewers that a scan waits for them.

    Called inside the transaction that records the upload, so the e-mail is
    queued if and only if the upload is committed.
    """
    reviewers = User.objects.filter(
        is_staff=True, is_active=True, groups__name=REVIEWERS
    ).order_by("email")
    link = absolute_url(reverse("staff:review", args=[upload.pk]))
    for reviewer in reviewers:
        send_message(
            kind="dpa.review_requested",
            recipients=[reviewer.email],
            template="review_requested",
            context={
                "upload": upload,
                "organisation": upload.organisation,
                "link": link,
            },
            language=settings.LANGUAGE_CODE,
        )


def tell_administrators_of_decision(upload: ManualUpload) -> None:
    """E-mail the organisation's administrators that the scan was decided.

    Called inside the decision's transaction, by the call that made it.
    """
    organisation = upload.organisation
    link = absolute_url(reverse("agreements:page", args=[organisation.slug]))
    settings_row = AgreementSettings.objects.filter(organisation=organisation).first()
    language = settings_row.language if settings_row else settings.LANGUAGE_CODE
    administrators = User.objects.filter(
        memberships__organisation=organisation,
        memberships__role=Role.ADMINISTRATOR,
    ).order_by("email")
    for person in administrators:
        send_message(
            kind=f"dpa.manual_{upload.status}",
            recipients=[person.email],
            template=f"manual_{upload.status}",
            context={"upload": upload, "organisation": organisation, "link": link},
            language=language,
        )
