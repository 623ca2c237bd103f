"""Telling people about the DPA: signers to sign, everyone about a signature."""

from __future__ import annotations

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dpaportal.accounts.models import User
from dpaportal.agreements.errors import SigningRefused
from dpaportal.agreements.models import AgreementSettings, SignedAgreement
from dpaportal.agreements.signing import signed_copy_recipients
from dpaportal.agreements.snapshots import current_signers
from dpaportal.audit.events import EventType
from dpaportal.audit.services import record_event
from dpaportal.mail import absolute_url, send_message

logger = logging.getLogger(__name__)


def inform_signers(agreement: AgreementSettings, actor: User, language: str) -> int:
    """E-mail each authorized signer a link to the DPA page."""
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


def record_download(agreement: SignedAgreement, user: User) -> None:
    record_event(
        EventType.DPA_DOWNLOADED,
        actor=user,
        organisation=agreement.organisation,
        target=agreement,
        details={"pdf_sha256": agreement.pdf_sha256},
    )
