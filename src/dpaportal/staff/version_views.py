"""DPA versions: the list, one version, publishing, editing a text, previews."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dpaportal.accounts.models import signed_in_user
from dpaportal.agreements.snapshots import specimen_snapshot
from dpaportal.campaigns.forms import PublishForm
from dpaportal.campaigns.models import CampaignKind
from dpaportal.campaigns.services import DEFAULT_DEADLINE_DAYS, publish_with_campaign
from dpaportal.documents.errors import DocumentError
from dpaportal.documents.html import render_html
from dpaportal.documents.pdf import render_pdf
from dpaportal.documents.snapshot import Snapshot
from dpaportal.errors import DomainError
from dpaportal.staff.access import LEGAL, staff_view
from dpaportal.staff.publication_messages import problem_message
from dpaportal.staff.version_forms import (
    ClauseFormSet,
    NumberForm,
    VersionTextForm,
    clause_initial,
    compose_text,
    tag_label,
)
from dpaportal.versions.models import DpaVersion
from dpaportal.versions.rules import ART_28_3_ELEMENTS, LANGUAGES
from dpaportal.versions.services import (
    PublicationRefused,
    renumber_draft,
    save_draft_text,
    start_draft,
)

LANGUAGE_NAMES = {"en": gettext_lazy("English"), "de": gettext_lazy("German")}


@staff_view(LEGAL)
def versions(request: HttpRequest) -> HttpResponse:
    rows = DpaVersion.objects.order_by("-major", "-minor")
    return render(request, "staff/versions.html", {"versions": rows})


@staff_view(LEGAL)
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    try:
        draft = start_draft(signed_in_user(request))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("staff:versions")

    messages.success(request, _("Draft %(number)s started.") % {"number": draft.number})
    return redirect("staff:version", pk=draft.pk)


@staff_view(LEGAL)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(DpaVersion, pk=pk)
    return render_detail(request, version)


@staff_view(LEGAL)
@require_POST
def renumber(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(DpaVersion, pk=pk)
    if not version.is_draft:
        return refusal(request, version, locked_message(version), status=409)
    form = NumberForm(request.POST)

    if form.is_valid():
        try:
            renumber_draft(
                version, form.cleaned_data["number"], signed_in_user(request)
            )
        except DomainError as error:
            form.add_error("number", error.message)
        else:
            messages.success(
                request,
                _("The draft is now version %(number)s.") % {"number": version.number},
            )
            return redirect("staff:version", pk=version.pk)

    version.refresh_from_db()
    return render_detail(request, version, number_form=form, status=400)


@staff_view(LEGAL)
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(DpaVersion, pk=pk)

    # What is not posted is what the form offers: the kind the number implies
    # and the default deadline.
    data = request.POST.copy()
    data.setdefault("kind", implied_kind(version))
    data.setdefault("deadline_days", str(DEFAULT_DEADLINE_DAYS))
    form = PublishForm(data)
    if not form.is_valid():
        return render_detail(request, version, publish_form=form, status=400)
    kind = form.cleaned_data["kind"]
    days = form.cleaned_data["deadline_days"] or DEFAULT_DEADLINE_DAYS  # minor

    try:
        publish_with_campaign(version, kind, signed_in_user(request), days)
    except PublicationRefused as refused:
        problems = [problem_message(problem) for problem in refused.problems]
        return render_detail(
            request, version, refusal=refused.message, problems=problems
        )
    except DomainError as error:
        return render_detail(request, version, refusal=error.message)

    messages.success(
        request,
        _("Version %(number)s has been published.") % {"number": version.number},
    )
    return redirect("staff:version", pk=version.pk)


def implied_kind(version: DpaVersion) -> str:
    """A draft's number is higher than every other: x.0 raises the major."""
    return CampaignKind.MAJOR if version.minor == 0 else CampaignKind.MINOR


def render_detail(
    request: HttpRequest,
    version: DpaVersion,
    *,
    number_form: NumberForm | None = None,
    publish_form: PublishForm | None = None,
    refusal: str = "",
    problems: list[str] | None = None,
    status: int | None = None,
) -> HttpResponse:
    texts = {code: version.content.get(code) or {} for code in LANGUAGES}
    context = {
        "version": version,
        "number_form": number_form or NumberForm(initial={"number": version.number}),
        "languages": [language_summary(code, text) for code, text in texts.items()],
        "coverage": coverage(texts),
        "refusal": refusal,
        "problems": problems or [],
        "implied_kind": implied_kind(version),
        "publish_form": publish_form
        or PublishForm(initial={"kind": implied_kind(version)}),
    }
    if status is None:
        status = 400 if refusal else 200
    return render(request, "staff/version.html", context, status=status)


def language_summary(code: str, text: Mapping[str, Any]) -> dict[str, Any]:
    clauses = [
        {
            "number": clause.get("number", ""),
            "title": clause.get("title", ""),
            "tags": [tag_label(tag) for tag in clause.get("tags", ())],
        }
        for clause in text.get("clauses") or []
    ]
    return {"code": code, "name": LANGUAGE_NAMES[code], "clauses": clauses}


def coverage(texts: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """For each Art. 28(3) element, the numbers of the clauses covering it."""
    return [
        {
            "label": tag_label(tag),
            "tag": tag,
            "clauses": [
                [
                    str(clause.get("number", ""))
                    for clause in texts[code].get("clauses") or []
                    if tag in clause.get("tags", ())
                ]
                for code in LANGUAGES
            ],
        }
        for tag in ART_28_3_ELEMENTS
    ]


@staff_view(LEGAL)
def edit_text(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    version = get_object_or_404(DpaVersion, pk=pk)
    text = language_text(version, language)
    if not version.is_draft:
        return refusal(request, version, locked_message(version), status=409)
    data = request.POST if request.method == "POST" else None
    form = VersionTextForm(
        data, initial=VersionTextForm.initial_from(text, version.change_summary)
    )
    clauses = ClauseFormSet(data, initial=clause_initial(text), prefix="clauses")

    if data is not None and all([form.is_valid(), clauses.is_valid()]):
        try:
            save_draft_text(
                version,
                language,
                {**text, **compose_text(language, form, clauses)},
                form.cleaned_data["change_summary"],
                signed_in_user(request),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The text has been saved."))
            return redirect("staff:version_edit", pk=version.pk, language=language)

    context = {
        "version": version,
        "language": language,
        "language_name": LANGUAGE_NAMES[language],
        "form": form,
        "clauses": clauses,
    }
    status = 200 if data is None else 400
    return render(request, "staff/version_edit.html", context, status=status)


@staff_view(LEGAL)
def preview_html(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    version = get_object_or_404(DpaVersion, pk=pk)
    language_text(version, language)

    try:
        # render_html escapes every value; its output is markup we wrote.
        document = mark_safe(render_html(specimen(version, language)))  # noqa: S308
    except DomainError as error:
        return refusal(request, version, error.message, status=error.status_code)

    context = {
        "version": version,
        "language": language,
        "language_name": LANGUAGE_NAMES[language],
        "document": document,
    }
    return render(request, "staff/version_preview.html", context)


@staff_view(LEGAL)
def preview_pdf(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    version = get_object_or_404(DpaVersion, pk=pk)
    language_text(version, language)

    try:
        pdf = render_pdf(specimen(version, language))
    except DomainError as error:
        return refusal(request, version, error.message, status=error.status_code)

    suffix = "-draft" if version.is_draft else ""
    filename = f"dpa-{version.number}-{language}{suffix}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def specimen(version: DpaVersion, language: str) -> Snapshot:
    try:
        return specimen_snapshot(version, language, draft=version.is_draft)
    except DocumentError as error:
        raise DomainError(str(error)) from error


def language_text(version: DpaVersion, language: str) -> Mapping[str, Any]:
    """The version's text in ``language``; 404 for a language DPAs do not have."""
    if language not in LANGUAGES:
        raise Http404
    return version.content.get(language) or {"language": language}


def locked_message(version: DpaVersion) -> str:
    return _(
        "Version %(number)s is published and cannot be changed. "
        "Start a new draft to change the text."
    ) % {"number": version.number}


def refusal(
    request: HttpRequest, version: DpaVersion, message: str, *, status: int
) -> HttpResponse:
    return render(
        request,
        "staff/version_refusal.html",
        {"version": version, "message": message},
        status=status,
    )
