"""Keeping the vendor's own company details."""

from __future__ import annotations

from django.db import transaction
from django.forms.models import model_to_dict

from dpaportal.accounts.models import User
from dpaportal.audit.events import EventType
from dpaportal.audit.services import record_event
from dpaportal.processor.models import ProcessorDetails

FIELDS = (
    "legal_name",
    "address",
    "country",
    "registration_number",
    "representative",
    "contact_email",
    "data_protection_officer",
)


def save_processor_details(
    details: ProcessorDetails, before: dict[str, object], actor: User
) -> None:
    """Save the details; the audit event lists what changed."""
    after = model_to_dict(details, fields=FIELDS)
    changed = sorted(key for key in FIELDS if before.get(key) != after.get(key))
    if not changed and details.pk:
        return
    with transaction.atomic():
        details.save()
        record_event(
            EventType.PROCESSOR_DETAILS_CHANGED,
            actor=actor,
            target=details,
            details={"changed": changed},
        )
