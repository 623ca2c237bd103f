"""Keeping the sub-processor registry; every change lands in the audit log."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.forms.models import model_to_dict

from dpaportal.accounts.models import User
from dpaportal.audit.events import EventType
from dpaportal.audit.services import record_event
from dpaportal.subprocessors.models import SubProcessor

RECORDED_FIELDS = (
    "name",
    "legal_entity",
    "address",
    "contact",
    "service",
    "service_de",
    "data_categories",
    "data_categories_de",
    "locations",
    "transfer_mechanism",
    "parent",
    "active_from",
    "active_until",
)


def snapshot_fields(entry: SubProcessor) -> dict[str, Any]:
    values = model_to_dict(entry, fields=RECORDED_FIELDS)
    return {
        key: value.isoformat() if isinstance(value, datetime.date) else value
        for key, value in values.items()
    }


def add_subprocessor(entry: SubProcessor, actor: User) -> SubProcessor:
    """Register a new sub-processor."""
    with transaction.atomic():
        entry.save()
        record_event(
            EventType.SUBPROCESSOR_ADDED,
            actor=actor,
            target=entry,
            details={"fields": snapshot_fields(entry)},
        )
    return entry


def change_subprocessor(
    entry: SubProcessor, before: dict[str, Any], actor: User
) -> SubProcessor:
    """Save changes made to ``entry``; the audit event holds old and new values."""
    after = snapshot_fields(entry)
    changes = {
        key: {"from": before.get(key), "to": value}
        for key, value in after.items()
        if before.get(key) != value
    }
    if not changes:
        return entry
    with transaction.atomic():
        entry.save()
        record_event(
            EventType.SUBPROCESSOR_CHANGED,
            actor=actor,
            target=entry,
            details={"changes": changes},
        )
    return entry
