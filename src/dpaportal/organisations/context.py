"""Template context: the organisations the current user belongs to."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

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
        "user_memberships": Membership.objects.filter(user=request.user)
        .select_related("organisation")
        .order_by("organisation__name"),
    }


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
