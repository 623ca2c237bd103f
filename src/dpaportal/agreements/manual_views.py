"""The customer's side of manual signing: download, upload, see the decision."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dpaportal.agreements.errors import SigningFailed, SigningRefused
from dpaportal.agreements.manual import issue_manual_document, upload_signed_scan
from dpaportal.agreements.manual_forms import SignedScanForm
from dpaportal.agreements.snapshots import DocumentInputsMissing
from dpaportal.agreements.views import pdf_response
from dpaportal.organisations.access import organisation_view
from dpaportal.organisations.models import Membership
from dpaportal.uploads import UploadRefused


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
    form = SignedScanForm(request.POST, request.FILES)
    if not form.is_valid():
        return refused_upload(request, membership, form)

    try:
        upload_signed_scan(membership, form.scan_files())
    except UploadRefused as refusal:
        form.add_refusal(refusal)
        return refused_upload(request, membership, form)
    except SigningFailed as failure:
        form.add_error("files", failure.message)
        return refused_upload(request, membership, form, failure.status_code)
    except (SigningRefused, DocumentInputsMissing) as refusal:
        messages.error(request, refusal.message)
        return redirect("agreements:page", slug=slug)

    messages.success(
        request, _("Thank you. The signed DPA is uploaded and waits for review.")
    )
    return redirect("agreements:page", slug=slug)


def refused_upload(
    request: HttpRequest,
    membership: Membership,
    form: SignedScanForm,
    status: int = 400,
) -> HttpResponse:
    """The upload form again, the reason next to the field."""
    return render(
        request,
        "agreements/upload.html",
        {"organisation": membership.organisation, "form": form},
        status=status,
    )
