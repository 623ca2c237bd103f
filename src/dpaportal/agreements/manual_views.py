"""The customer's side of manual signing: download, upload, see the decision."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dpaportal.agreements.errors import SigningRefused
from dpaportal.agreements.manual import issue_manual_document, upload_signed_scan
from dpaportal.agreements.snapshots import DocumentInputsMissing
from dpaportal.agreements.upload_messages import refusal_message
from dpaportal.agreements.views import pdf_response
from dpaportal.organisations.access import organisation_view
from dpaportal.organisations.models import Membership
from dpaportal.uploads import MAX_TOTAL_BYTES, UploadedFile, UploadRefused


@organisation_view(administrators_only=True)
def download_for_signing(request: HttpRequest, membership: Membership) -> HttpResponse:
    try:
        issued, pdf = issue_manual_document(membership)
    except (SigningRefused, DocumentInputsMissing) as refusal:
        messages.error(request, refusal.message)
        return redirect("agreements:page", slug=membership.organisation.slug)

    return pdf_response(pdf, f"{issued.identifier}-to-sign.pdf")


@require_POST
@organisation_view(administrators_only=True)
def upload(request: HttpRequest, membership: Membership) -> HttpResponse:
    slug = membership.organisation.slug
    received = request.FILES.getlist("files")
    if sum(file.size or 0 for file in received) > MAX_TOTAL_BYTES:
        # Refused before reading a byte of it into memory.
        messages.error(request, refusal_message("too_large"))
        return redirect("agreements:page", slug=slug)

    files = [
        UploadedFile(name=file.name or "", content=file.read()) for file in received
    ]
    try:
        upload_signed_scan(membership, files)
    except UploadRefused as refusal:
        messages.error(request, refusal_message(refusal.code))
        return redirect("agreements:page", slug=slug)
    except (SigningRefused, DocumentInputsMissing) as refusal:
        messages.error(request, refusal.message)
        return redirect("agreements:page", slug=slug)

    messages.success(
        request, _("Thank you. The signed DPA is uploaded and waits for review.")
    )
    return redirect("agreements:page", slug=slug)
