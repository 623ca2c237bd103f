"""Customers with a signed DPA 1.0 and a campaign for the next version, made
without rendering or sealing a PDF, for tests of the campaigns' queued work."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.utils import timezone

from dpaportal.accounts.models import User
from dpaportal.agreements.models import SignedAgreement, SigningMethod
from dpaportal.campaigns.models import Campaign, CampaignKind
from dpaportal.campaigns.services import publish_with_campaign
from dpaportal.organisations.models import Membership, Organisation, Role
from dpaportal.versions.models import DpaVersion
from dpaportal.versions.services import renumber_draft, start_draft
from tests.conftest import make_user


def signed_dpa(
    organisation: Organisation, version: DpaVersion, signer: User
) -> SignedAgreement:
    """The row that signing leaves behind, without its PDF."""
    fingerprint = sha256(f"{organisation.slug} {version.number}")
    return SignedAgreement.objects.create(
        organisation=organisation,
        version=version,
        language="en",
        method=SigningMethod.DIGITAL,
        fingerprint=fingerprint,
        document_identifier=f"DPA-{version.number}-TEST-{organisation.pk}",
        snapshot={},
        signed_by=signer,
        signer_name=signer.full_name,
        signer_email=signer.email,
        signed_at=timezone.now(),
        pdf_name=f"test/{fingerprint}.pdf",
        pdf_sha256=sha256(fingerprint),
        seal_level="test",
    )


def customer_with_a_signed_dpa(number: int, version: DpaVersion) -> User:
    """A new organisation whose one administrator signed ``version``."""
    organisation = Organisation.objects.create(
        name=f"Customer {number}",
        slug=f"customer-{number}",
        licence_signed_at=timezone.now(),
    )
    administrator = make_user(f"admin@customer-{number}.example", f"Admin {number}")
    Membership.objects.create(
        organisation=organisation, user=administrator, role=Role.ADMINISTRATOR
    )
    signed_dpa(organisation, version, administrator)
    return administrator


def publish_next(staff: User, kind: str, number: str) -> Campaign:
    draft = start_draft(staff)
    renumber_draft(draft, number, staff)
    return publish_with_campaign(draft, kind, staff)


def publish_major(staff: User) -> Campaign:
    return publish_next(staff, CampaignKind.MAJOR, "2.0")


def move_deadline(campaign: Campaign, days_from_now: float) -> None:
    """Time passes: the deadline is now ``days_from_now`` days away."""
    Campaign.objects.filter(pk=campaign.pk).update(
        deadline=timezone.now() + timedelta(days=days_from_now)
    )


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
