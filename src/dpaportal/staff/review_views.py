"""The reviewers' queue: compare a scan with the issued document, then decide."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
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
    if side not in {"issued", "upload"}:
        raise Http404
    name = upload.issued.pdf_name if side == "issued" else upload.review_pdf_name

    try:
        png = page_png(read_pdf(name), number - 1, width_px=700)
    except DocumentError:
        raise Http404 from None
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response


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
