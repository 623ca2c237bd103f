"""Saving an organisation's DPA settings; the audit event says what changed."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from dpaportal.accounts.models import User
from dpaportal.agreements.forms import AgreementSettingsForm
from dpaportal.agreements.manual import withdraw_pending_upload
from dpaportal.agreements.models import AgreementSettings, SignType
from dpaportal.audit.events import EventType
from dpaportal.audit.services import record_event

TRACKED_FIELDS = (
    "legal_name",
    "address",
    "country",
    "registration_number",
    "vat_id",
    "representative",
    "contact_email",
    "data_protection_officer",
    "language",
    "sign_type",
    "default_groups",
    "own_groups",
)


def settings_values(agreement: AgreementSettings | None) -> dict[str, Any]:
    """The tracked values, people as sorted user ids; empty for new settings."""
    if agreement is None or agreement.pk is None:
        return {}
    values: dict[str, Any] = {name: getattr(agreement, name) for name in TRACKED_FIELDS}
    values["instruction_givers"] = sorted(
        agreement.instruction_givers.values_list("pk", flat=True)
    )
    values["signers"] = sorted(agreement.signers.values_list("pk", flat=True))
    return values


def save_agreement_settings(
    form: AgreementSettingsForm, before: dict[str, Any], actor: User
) -> AgreementSettings:
    """Save a valid settings form and record which values changed.

    ``before`` must be taken before the form is validated: validation already
    writes the new values into the form's instance.
    """
    with transaction.atomic():
        agreement = form.save()
        if before.get("sign_type") == SignType.MANUAL != agreement.sign_type:
            withdraw_pending_upload(agreement.organisation_id, actor)
        after = settings_values(agreement)
        changes = {
            name: {"from": before.get(name), "to": value}
            for name, value in after.items()
            if before.get(name) != value
        }
        if changes:
            record_event(
                EventType.DPA_SETTINGS_SAVED,
                actor=actor,
                organisation=agreement.organisation,
                target=agreement,
                details={"changes": changes},
            )
    return agreement
