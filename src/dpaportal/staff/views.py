"""The vendor's back office."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dpaportal.organisations.models import Organisation, Role
from dpaportal.staff.access import staff_view


@staff_view()
def organisations(request: HttpRequest) -> HttpResponse:
    rows = Organisation.objects.annotate(
        member_count=Count("memberships"),
        administrator_count=Count(
            "memberships", filter=Q(memberships__role=Role.ADMINISTRATOR)
        ),
    ).order_by("name")
    return render(request, "staff/organisations.html", {"organisations": rows})
