"""The status board for vendor staff: figures, the list and its CSV export."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from dpaportal.staff import board, board_counts
from dpaportal.staff.access import staff_view


@staff_view()
def status_board(request: HttpRequest) -> HttpResponse:
    filters = board.BoardFilters.from_query(request.GET)
    now = timezone.now()

    page, rows = board.organisation_page(filters, request.GET.get("page"), now)
    figures = board_counts.board_figures(now)
    return render(
        request,
        "staff/board.html",
        {
            "figures": figures.versions,
            "status_counts": [
                (code, label, figures.statuses[code])
                for code, label in board.status_choices()
            ],
            "organisations": figures.organisations,
            "statuses": board.status_choices(),
            "filters": filters,
            "query": filters.urlencode(),
            "page": page,
            "rows": rows,
        },
    )


# staff_view is typed for HttpResponse; a streamed response passes through alike.
@staff_view()
def status_board_csv(request: HttpRequest) -> StreamingHttpResponse:
    filters = board.BoardFilters.from_query(request.GET)

    lines = board.csv_lines(filters, timezone.now())
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="status-board.csv"'
    return response
