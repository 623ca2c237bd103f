"""Template context: the organisations the current user belongs to."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from dpaportal.accounts.models import User, signed_in_user
from dpaportal.organisations.access import is_authorized_signer
from dpaportal.organisations.models import Membership


def memberships(request: HttpRequest) -> dict[str, object]:
    if not request.user.is_authenticated:
        return {}
    membership = getattr(request, "membership", None)
    dpa_access = membership is not None and (
        membership.is_administrator or is_authorized_signer(membership)
    )
    return {
        "current_membership": membership,
        "current_dpa_access": dpa_access,
        "campaign_banner": campaign_banner(membership) if dpa_access else None,
        # Called only by the page that shows it (the home page, which belongs
        # to no one organisation), so other pages pay no query for it.
        "campaign_banners": lambda: campaign_banners(signed_in_user(request)),
        "user_memberships": Membership.objects.filter(user=request.user)
        .select_related("organisation")
        .order_by("organisation__name"),
    }


def campaign_banners(user: User) -> list[dict[str, object]]:
    """One banner line per organisation of ``user`` that must sign again,
    shown to those who may sign there: administrators and authorized signers.

    A plain member sees none: the DPA page is not theirs to open, and the
    reminders go to the administrators and signers alike.
    """
    banners = []
    for membership in (
        Membership.objects.filter(user=user)
        .select_related("organisation", "user")
        .order_by("organisation__name")
    ):
        if membership.is_administrator or is_authorized_signer(membership):
            banner = campaign_banner(membership)
            if banner is not None:
                banners.append(banner | {"organisation": membership.organisation.name})
    return banners


def campaign_banner(membership: Membership | None) -> dict[str, object] | None:
    """What the banner on every page says while a newer version awaits signing."""
    from dpaportal.campaigns.services import open_requirement

    if membership is None:
        return None
    requirement = open_requirement(membership.organisation_id)
    if requirement is None:
        return None
    deadline = requirement.campaign.deadline
    return {
        "version": requirement.campaign.version.number,
        "signed_version": requirement.signed_version.number,
        "deadline": deadline,
        "overdue": deadline is not None and deadline < timezone.now(),
        "slug": membership.organisation.slug,
    }
