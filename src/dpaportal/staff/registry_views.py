"""The sub-processor registry: the list, adding and changing entries, history."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dpaportal.accounts.models import User, signed_in_user
from dpaportal.audit.models import AuditEvent
from dpaportal.staff.access import LEGAL, staff_view
from dpaportal.staff.registry_forms import SubProcessorForm
from dpaportal.subprocessors.models import SubProcessor, TransferMechanism
from dpaportal.subprocessors.services import (
    add_subprocessor,
    change_subprocessor,
    snapshot_fields,
)


@staff_view(LEGAL)
def registry(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    entries = SubProcessor.objects.select_related("parent").order_by("name", "pk")
    rows = [(entry, standing(entry, today)) for entry in entries]
    return render(request, "staff/subprocessors.html", {"rows": rows})


def standing(entry: SubProcessor, today: datetime.date) -> str:
    """``in_force``, ``ended`` or ``planned`` on ``today``."""
    if entry.active_until is not None and entry.active_until < today:
        return "ended"
    if entry.active_from > today:
        return "planned"
    return "in_force"


@staff_view(LEGAL)
def add_entry(request: HttpRequest) -> HttpResponse:
    form = SubProcessorForm(request.POST or None)

    if request.method == "POST" and form.is_valid():
        entry = add_subprocessor(form.save(commit=False), signed_in_user(request))
        messages.success(request, _("%(name)s has been added.") % {"name": entry})
        return redirect("staff:subprocessor", pk=entry.pk)

    return render(
        request,
        "staff/subprocessor.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@staff_view(LEGAL)
def edit_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(SubProcessor, pk=pk)
    # The form writes into the instance while validating, so the audit
    # event's "from" values must be taken first.
    before = snapshot_fields(entry)
    form = SubProcessorForm(request.POST or None, instance=entry)

    if request.method == "POST" and form.is_valid():
        change_subprocessor(form.save(commit=False), before, signed_in_user(request))
        messages.success(request, _("%(name)s has been saved.") % {"name": entry})
        return redirect("staff:subprocessor", pk=entry.pk)

    return render(
        request,
        "staff/subprocessor.html",
        {"form": form, "entry": entry, "history": history(entry)},
        status=400 if form.errors else 200,
    )


@dataclass(frozen=True)
class Change:
    field: str
    before: str | None
    after: str


@dataclass(frozen=True)
class HistoryRow:
    event: AuditEvent
    actor: str
    changes: list[Change]


def history(entry: SubProcessor) -> list[HistoryRow]:
    """The audit events of ``entry``, newest first, with readable changes."""
    events = list(
        AuditEvent.objects.filter(
            object_type=SubProcessor._meta.label_lower, object_id=str(entry.pk)
        ).order_by("-sequence")
    )
    actor_ids = {event.actor_id for event in events}
    names: dict[int | None, str] = {
        user.pk: user.full_name or user.email
        for user in User.objects.filter(pk__in=actor_ids)
    }
    return [
        HistoryRow(
            event=event,
            actor=names.get(event.actor_id, _("unknown user")),
            changes=event_changes(event.details),
        )
        for event in events
    ]


def event_changes(details: dict[str, Any]) -> list[Change]:
    if "changes" in details:
        return [
            Change(
                field_label(name),
                shown(name, change["from"]),
                shown(name, change["to"]),
            )
            for name, change in details["changes"].items()
        ]
    return [
        Change(field_label(name), None, shown(name, value))
        for name, value in details.get("fields", {}).items()
    ]


def field_label(name: str) -> str:
    try:
        field = SubProcessor._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name))


def shown(name: str, value: Any) -> str:
    """A recorded value as a person reads it."""
    if value in (None, "", []):
        return "—"
    if name == "parent":
        parent = SubProcessor.objects.filter(pk=value).first()
        return str(parent) if parent else f"#{value}"
    if name == "transfer_mechanism" and value in TransferMechanism.values:
        return str(TransferMechanism(value).label)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
