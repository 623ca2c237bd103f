"""Where a user lands after logging in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from dpaportal.organisations.models import Membership


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = list(
        Membership.objects.filter(user=request.user).select_related("organisation")
    )
    if len(memberships) == 1 and not request.user.is_staff:
        return redirect("organisations:dashboard", slug=memberships[0].organisation.slug)
    return render(request, "home.html", {"memberships": memberships})
