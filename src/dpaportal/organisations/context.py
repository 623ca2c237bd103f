"""Template context: the organisations the current user belongs to."""

from __future__ import annotations

from django.http import HttpRequest

from dpaportal.organisations.models import Membership


def memberships(request: HttpRequest) -> dict[str, object]:
    if not request.user.is_authenticated:
        return {}
    return {
        "current_membership": getattr(request, "membership", None),
        "user_memberships": Membership.objects.filter(user=request.user)
        .select_related("organisation")
        .order_by("organisation__name"),
    }
