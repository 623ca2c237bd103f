"""The vendor's back office."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dpaportal.organisations.models import Organisation, Role
from dpaportal.staff import board
from dpaportal.staff.access import staff_view


@staff_view()
def organisations(request: HttpRequest) -> HttpResponse:
    """All organisations, a page at a time, filtered as on the status board.

    The page's ids come first and only those fifty get their member counts:
    counting members of 100,000 organisations to show fifty would be wasted.
    """
    filters = board.BoardFilters.from_query(request.GET)
    now = timezone.now()
    paginator = board.LookaheadPaginator(
        board.matching_organisations(filters, now),
        board.PAGE_SIZE,
        request.GET.get("page"),
    )
    page = paginator.get_page(paginator.wanted)
    rows = (
        Organisation.objects.filter(pk__in=list(page.object_list))
        .annotate(
            member_count=Count("memberships"),
            administrator_count=Count(
                "memberships", filter=Q(memberships__role=Role.ADMINISTRATOR)
            ),
        )
        .order_by("name", "pk")
    )
    return render(
        request,
        "staff/organisations.html",
        {
            "organisations": rows,
            "statuses": board.status_choices(),
            "filters": filters,
            "query": filters.urlencode(),
            "page": page,
        },
    )
