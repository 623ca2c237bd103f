"""The DPA page of an organisation: status, settings, draft, signed copies."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dpaportal.accounts.models import User
from dpaportal.agreements.errors import SigningRefused
from dpaportal.agreements.files import read_pdf
from dpaportal.agreements.forms import AgreementSettingsForm
from dpaportal.agreements.models import (
    AgreementSettings,
    ManualUpload,
    SignedAgreement,
)
from dpaportal.agreements.services import inform_signers, record_download
from dpaportal.agreements.settings_service import (
    save_agreement_settings,
    settings_values,
)
from dpaportal.agreements.signing import is_signer
from dpaportal.agreements.snapshots import DocumentInputsMissing, organisation_snapshot
from dpaportal.agreements.status import DpaStatus, dpa_status
from dpaportal.audit.events import EventType
from dpaportal.audit.services import record_event
from dpaportal.documents.html import render_html
from dpaportal.documents.pdf import render_pdf
from dpaportal.documents.redline import (
    compare_versions,
    redline_labels,
    render_redline_html,
)
from dpaportal.documents.snapshot import document_identifier
from dpaportal.organisations.access import organisation_view, owned_or_404
from dpaportal.organisations.models import Membership, Role
from dpaportal.versions.services import latest_published_version


@organisation_view(administrators_only=True, signers_too=True)
def page(request: HttpRequest, membership: Membership) -> HttpResponse:
    organisation = membership.organisation
    status = dpa_status(organisation)
    return render(
        request,
        "agreements/page.html",
        {
            "organisation": organisation,
            "membership": membership,
            "status": status,
            "redline": redline_for(status),
            "may_sign": is_signer(membership),
            "history": SignedAgreement.objects.filter(organisation=organisation)
            .select_related("version")
            .order_by("-signed_at"),
            "uploads": ManualUpload.objects.filter(organisation=organisation)
            .select_related("issued", "uploaded_by")
            .order_by("-uploaded_at")[:20],
        },
    )


@organisation_view(administrators_only=True)
def edit_settings(request: HttpRequest, membership: Membership) -> HttpResponse:
    organisation = membership.organisation
    instance = AgreementSettings.objects.filter(organisation=organisation).first()
    before = settings_values(instance)
    form = AgreementSettingsForm(
        request.POST or None,
        instance=instance or AgreementSettings(organisation=organisation),
        organisation=organisation,
    )
    if request.method == "POST" and form.is_valid():
        save_agreement_settings(form, before, membership.user)
        messages.success(request, _("The DPA settings have been saved."))
        return redirect("agreements:page", slug=organisation.slug)

    return render(
        request,
        "agreements/settings.html",
        {
            "organisation": organisation,
            "form": form,
            "administrators": User.objects.filter(
                memberships__organisation=organisation,
                memberships__role=Role.ADMINISTRATOR,
            ).order_by("full_name"),
        },
        status=400 if form.errors else 200,
    )


@organisation_view(administrators_only=True)
def draft(
    request: HttpRequest, membership: Membership, as_pdf: bool = False
) -> HttpResponse:
    organisation = membership.organisation
    version = latest_published_version()
    try:
        if version is None:
            raise DocumentInputsMissing(_("No DPA version has been published yet."))
        snapshot = organisation_snapshot(organisation, version, draft=True)
    except DocumentInputsMissing as refusal:
        messages.error(request, refusal.message)
        return redirect("agreements:page", slug=organisation.slug)

    record_event(
        EventType.DPA_DRAFT_GENERATED,
        actor=membership.user,
        organisation=organisation,
        details={"version": version.number, "format": "pdf" if as_pdf else "html"},
    )
    if as_pdf:
        name = f"{document_identifier(snapshot)}-draft.pdf"
        return pdf_response(render_pdf(snapshot, created_at=timezone.now()), name)
    return render(
        request,
        "agreements/draft.html",
        {"organisation": organisation, "document": render_html(snapshot)},
    )


@require_POST
@organisation_view(administrators_only=True)
def inform(request: HttpRequest, membership: Membership) -> HttpResponse:
    organisation = membership.organisation
    agreement = owned_or_404(organisation, AgreementSettings)

    try:
        count = inform_signers(agreement, membership.user, get_language())
        message = ngettext(
            "%(count)d signer informed by e-mail.",
            "%(count)d signers informed by e-mail.",
            count,
        )
        messages.success(request, message % {"count": count})
    except SigningRefused as refusal:
        messages.error(request, refusal.message)
    return redirect("agreements:page", slug=organisation.slug)


@organisation_view(administrators_only=True, signers_too=True)
def download(
    request: HttpRequest, membership: Membership, agreement_id: int
) -> HttpResponse:
    agreement = owned_or_404(membership.organisation, SignedAgreement, pk=agreement_id)

    record_download(agreement, membership.user)
    return pdf_response(read_pdf(agreement.pdf_name), agreement.download_name)


def pdf_response(pdf: bytes, filename: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def redline_for(status: DpaStatus) -> str:
    """What changed between the signed version and the one to sign now, in the
    organisation's DPA language: the one it will sign in, not necessarily the
    one it signed in before."""
    requirement = status.requirement
    if requirement is None:
        return ""
    if status.settings is not None:
        language = status.settings.language
    else:
        language = status.current.language if status.current else "en"
    old = requirement.signed_version.content[language]
    new = requirement.campaign.version.content[language]
    return render_redline_html(compare_versions(old, new), redline_labels(language))
