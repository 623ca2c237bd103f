"""Where an organisation stands with its DPA, for the status card."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dpaportal.agreements.models import (
    AgreementSettings,
    AgreementStatus,
    ManualUpload,
    SignedAgreement,
    UploadStatus,
)
from dpaportal.campaigns.models import ResignRequirement
from dpaportal.campaigns.services import open_requirement
from dpaportal.organisations.models import Organisation
from dpaportal.versions.models import DpaVersion
from dpaportal.versions.services import latest_published_version

NOT_STARTED = "not_started"
DRAFT = "draft"
WAITING = "waiting"
UNDER_REVIEW = "under_review"
SIGNED = "signed"
RESIGN_REQUIRED = "resign_required"
OVERDUE = "overdue"

LABELS = {
    NOT_STARTED: _("Not started"),
    DRAFT: _("Draft"),
    WAITING: _("Waiting for signature"),
    UNDER_REVIEW: _("Under review"),
    SIGNED: _("Signed"),
    RESIGN_REQUIRED: _("Re-sign required"),
    OVERDUE: _("Overdue"),
}


@dataclass(frozen=True)
class DpaStatus:
    code: str
    settings: AgreementSettings | None
    current: SignedAgreement | None
    """The newest signed DPA that is not superseded."""
    latest_version: DpaVersion | None
    requirement: ResignRequirement | None = None
    """The campaign that asks this organisation to sign again, if any."""

    @property
    def label(self) -> str:
        return str(LABELS[self.code])


def dpa_status(organisation: Organisation) -> DpaStatus:
    settings = AgreementSettings.objects.filter(organisation=organisation).first()
    current = (
        SignedAgreement.objects.filter(
            organisation=organisation, status=AgreementStatus.SIGNED
        )
        .select_related("version")
        .order_by("-signed_at")
        .first()
    )
    latest = latest_published_version()
    under_review = ManualUpload.objects.filter(
        organisation=organisation, status=UploadStatus.UNDER_REVIEW
    ).exists()
    requirement = open_requirement(organisation.pk)
    outdated = requirement is not None
    if current is not None and not outdated:
        code = SIGNED
    elif under_review:
        code = UNDER_REVIEW
    elif requirement is not None:
        deadline = requirement.campaign.deadline
        code = OVERDUE if deadline and deadline < timezone.now() else RESIGN_REQUIRED
    elif settings is None:
        code = NOT_STARTED
    elif settings.signers_informed_at is not None:
        code = WAITING
    else:
        code = DRAFT
    return DpaStatus(code, settings, current, latest, requirement)
