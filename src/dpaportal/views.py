"""Where a user lands after logging in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from dpaportal.accounts.models import signed_in_user
from dpaportal.organisations.models import Membership


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    memberships = list(
        Membership.objects.filter(user=user).select_related("organisation")
    )
    if len(memberships) == 1 and not user.is_staff:
        return redirect(
            "organisations:dashboard", slug=memberships[0].organisation.slug
        )
    return render(request, "home.html", {"memberships": memberships})
