"""The signing page: read the whole document, confirm, sign."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dpaportal.agreements.errors import SigningFailed, SigningRefused
from dpaportal.agreements.evidence import SigningContext, clean_footprint
from dpaportal.agreements.signing import (
    DocumentForSigning,
    document_for_signing,
    ensure_may_sign,
    record_reading,
    session_reference,
    sign_agreement,
)
from dpaportal.agreements.snapshots import DocumentInputsMissing
from dpaportal.documents.html import render_html
from dpaportal.network import client_ip
from dpaportal.organisations.access import organisation_view
from dpaportal.organisations.models import Membership


@organisation_view(administrators_only=True, signers_too=True)
def sign_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    try:
        ensure_may_sign(membership)
        document = document_for_signing(membership)
    except (SigningRefused, DocumentInputsMissing) as refusal:
        messages.error(request, refusal.message)
        return redirect("agreements:page", slug=membership.organisation.slug)

    return signing_form(request, membership, document)


def document_to_offer(membership: Membership) -> DocumentForSigning | None:
    """The document to show again after a refusal; none if signing is not open."""
    try:
        ensure_may_sign(membership)
        return document_for_signing(membership)
    except (SigningRefused, DocumentInputsMissing):
        return None


def signing_form(
    request: HttpRequest,
    membership: Membership,
    document: DocumentForSigning | None,
    error: str = "",
    typed_name: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "agreements/sign.html",
        {
            "organisation": membership.organisation,
            "document": document,
            "document_html": render_html(document.snapshot) if document else "",
            "error": error,
            "typed_name": typed_name,
        },
        status=status,
    )


@require_POST
@organisation_view(administrators_only=True, signers_too=True)
def reading(request: HttpRequest, membership: Membership) -> JsonResponse:
    try:
        payload = json.loads(request.body or b"{}")
        shown, event = str(payload["fingerprint"]), str(payload["event"])
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "expected fingerprint and event"}, status=400)
    if event not in {"opened", "end"}:
        return JsonResponse({"error": "event must be opened or end"}, status=400)

    try:
        record = record_reading(membership, session_key(request), shown, event)
    except (SigningRefused, DocumentInputsMissing) as refusal:
        return JsonResponse({"error": refusal.message}, status=refusal.status_code)
    return JsonResponse({"end_reached": record.end_reached_at is not None})


@require_POST
@organisation_view(administrators_only=True, signers_too=True)
def sign(request: HttpRequest, membership: Membership) -> HttpResponse:
    typed_name = request.POST.get("full_name", "")
    context = SigningContext(
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:500],
        session_reference=session_reference(session_key(request)),
        login_method=request.session.get("dpaportal_login_method", "unknown"),
        footprint=clean_footprint(request.POST.get("footprint", "")),
    )

    try:
        sign_agreement(
            membership,
            shown_fingerprint=request.POST.get("fingerprint", ""),
            confirmed=request.POST.get("confirm") == "yes",
            typed_name=typed_name,
            context=context,
        )
    except (SigningRefused, SigningFailed, DocumentInputsMissing) as refusal:
        return signing_form(
            request,
            membership,
            document_to_offer(membership),
            refusal.message,
            typed_name,
            refusal.status_code,
        )

    messages.success(request, _("The DPA is signed. You can download it below."))
    return redirect("agreements:page", slug=membership.organisation.slug)


def session_key(request: HttpRequest) -> str:
    if request.session.session_key is None:
        request.session.save()
    return str(request.session.session_key)
