"""Template context: the organisations the current user belongs to."""

from __future__ import annotations

from django.http import HttpRequest

from dpaportal.organisations.access import is_authorized_signer
from dpaportal.organisations.models import Membership


def memberships(request: HttpRequest) -> dict[str, object]:
    if not request.user.is_authenticated:
        return {}
    membership = getattr(request, "membership", None)
    return {
        "current_membership": membership,
        "current_dpa_access": membership is not None
        and (membership.is_administrator or is_authorized_signer(membership)),
        "user_memberships": Membership.objects.filter(user=request.user)
        .select_related("organisation")
        .order_by("organisation__name"),
    }
