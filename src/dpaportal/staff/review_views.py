"""The reviewers' queue: compare a scan with the issued document, then decide."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dpaportal.accounts.models import signed_in_user
from dpaportal.agreements.errors import SigningFailed, SigningRefused
from dpaportal.agreements.files import read_pdf
from dpaportal.agreements.manual import approve_upload, reject_upload
from dpaportal.agreements.models import ManualUpload, UploadStatus
from dpaportal.documents.errors import DocumentError
from dpaportal.documents.pages import page_png
from dpaportal.staff.access import REVIEWERS, staff_view

PAGE_WIDTH_PX = 700


@staff_view(REVIEWERS)
def queue(request: HttpRequest) -> HttpResponse:
    uploads = ManualUpload.objects.select_related(
        "organisation", "issued__version", "uploaded_by"
    )
    return render(
        request,
        "staff/reviews.html",
        {
            "waiting": uploads.filter(status=UploadStatus.UNDER_REVIEW).order_by(
                "uploaded_at"
            ),
            "decided": uploads.exclude(status=UploadStatus.UNDER_REVIEW).order_by(
                "-decided_at"
            )[:50],
        },
    )


@staff_view(REVIEWERS)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(
        ManualUpload.objects.select_related("organisation", "issued", "uploaded_by"),
        pk=pk,
    )
    pages = max(upload.page_count, upload.issued.page_count)
    return render(
        request,
        "staff/review.html",
        {
            "upload": upload,
            "pages": [
                (
                    number,
                    number <= upload.issued.page_count,
                    number <= upload.page_count,
                )
                for number in range(1, pages + 1)
            ],
            "error": request.GET.get("error", ""),
        },
    )


@staff_view(REVIEWERS)
def page_image(request: HttpRequest, pk: int, side: str, number: int) -> HttpResponse:
    upload = get_object_or_404(ManualUpload.objects.select_related("issued"), pk=pk)
    name, sha256, pages = stored_side(upload, side)
    if not 1 <= number <= pages:
        raise Http404

    # Stored PDFs never change, so a page once drawn is the same picture for
    # good: a browser asking again is answered without reading or drawing.
    etag = f'"{sha256}-{number}-{PAGE_WIDTH_PX}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        try:
            png = page_png(read_pdf(name), number - 1, width_px=PAGE_WIDTH_PX)
        except DocumentError:
            raise Http404 from None
        response = HttpResponse(png, content_type="image/png")
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=3600"
    return response


def stored_side(upload: ManualUpload, side: str) -> tuple[str, str, int]:
    """The stored name, SHA-256 and page count of the issued or uploaded PDF."""
    if side == "issued":
        issued = upload.issued
        return issued.pdf_name, issued.pdf_sha256, issued.page_count
    if side == "upload":
        return upload.review_pdf_name, upload.review_pdf_sha256, upload.page_count
    raise Http404


@require_POST
@staff_view(REVIEWERS)
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(ManualUpload, pk=pk)

    try:
        approve_upload(upload, signed_in_user(request))
    except (SigningRefused, SigningFailed) as refusal:
        messages.error(request, refusal.message)
        return redirect("staff:review", pk=pk)

    messages.success(request, _("Approved. The DPA is signed and sealed."))
    return redirect("staff:reviews")


@require_POST
@staff_view(REVIEWERS)
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(ManualUpload, pk=pk)

    try:
        reject_upload(upload, signed_in_user(request), request.POST.get("reason", ""))
    except SigningRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("staff:review", pk=pk)

    messages.success(request, _("Rejected. The customer sees the reason."))
    return redirect("staff:reviews")
