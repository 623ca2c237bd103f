"""Gathering the inputs of one DPA document from the database."""

from __future__ import annotations

import datetime

from django.utils import timezone

from dpaportal.accounts.models import User
from dpaportal.agreements.models import AgreementSettings, SignType
from dpaportal.documents.inputs import DpaSettings, Party, Person
from dpaportal.documents.inputs import SubProcessor as SubProcessorText
from dpaportal.documents.snapshot import Snapshot, build_snapshot
from dpaportal.errors import DomainError
from dpaportal.organisations.models import Organisation, Role
from dpaportal.processor.models import ProcessorDetails
from dpaportal.subprocessors.models import SubProcessor
from dpaportal.versions.models import DpaVersion

ROLE_WORDS = {
    "en": {"administrator": "Administrator", "named": "Named by the controller"},
    "de": {"administrator": "Administrator", "named": "Vom Verantwortlichen benannt"},
}


class DocumentInputsMissing(DomainError):
    """Something a document needs has not been entered yet."""


def processor_party() -> Party:
    details = ProcessorDetails.current()
    if details is None:
        raise DocumentInputsMissing("The vendor's company details are missing.")
    return Party(
        legal_name=details.legal_name,
        address=details.address,
        country=details.country,
        registration_number=details.registration_number,
        representative=details.representative,
        contact_email=details.contact_email,
        data_protection_officer=details.data_protection_officer,
    )


def customer_party(agreement: AgreementSettings) -> Party:
    return Party(
        legal_name=agreement.legal_name,
        address=agreement.address,
        country=agreement.country,
        registration_number=agreement.registration_number,
        vat_id=agreement.vat_id,
        representative=agreement.representative,
        contact_email=agreement.contact_email,
        data_protection_officer=agreement.data_protection_officer,
    )


def instruction_givers(agreement: AgreementSettings, language: str) -> list[Person]:
    """All administrators, as they are now, plus the users named in the settings."""
    words = ROLE_WORDS[language]
    organisation = agreement.organisation
    administrators = User.objects.filter(
        memberships__organisation=organisation,
        memberships__role=Role.ADMINISTRATOR,
    ).order_by("full_name", "email")
    named = (
        agreement.instruction_givers.filter(memberships__organisation=organisation)
        .exclude(pk__in=administrators.values("pk"))
        .order_by("full_name", "email")
    )
    return [
        Person(user.full_name, user.email, words["administrator"])
        for user in administrators
    ] + [Person(user.full_name, user.email, words["named"]) for user in named]


def current_signers(agreement: AgreementSettings) -> list[User]:
    """Authorized signers who still belong to the organisation."""
    return list(
        agreement.signers.filter(
            memberships__organisation=agreement.organisation
        ).order_by("full_name", "email")
    )


def dpa_settings(agreement: AgreementSettings, language: str) -> DpaSettings:
    return DpaSettings(
        sign_type="manual" if agreement.sign_type == SignType.MANUAL else "digital",
        affected_groups=tuple(agreement.affected_groups(language)),
        instruction_givers=tuple(instruction_givers(agreement, language)),
        signers=tuple(
            Person(user.full_name, user.email) for user in current_signers(agreement)
        ),
    )


def subprocessors_in_force(on: datetime.date, language: str) -> list[SubProcessorText]:
    entries = SubProcessor.objects.in_force(on).select_related("parent")
    return [entry.as_text(language) for entry in entries.order_by("name", "pk")]


def organisation_snapshot(
    organisation: Organisation,
    version: DpaVersion,
    *,
    draft: bool,
    language: str | None = None,
) -> Snapshot:
    """The snapshot of ``organisation``'s DPA as it would be made right now.

    ``language`` overrides the DPA language of the settings, for staff and the
    command line; customers always get the language they chose.
    """
    agreement = AgreementSettings.objects.filter(organisation=organisation).first()
    if agreement is None:
        raise DocumentInputsMissing(
            "The organisation has not entered its company details yet."
        ) from None
    language = language or agreement.language
    return build_snapshot(
        version=version.text(language),
        processor=processor_party(),
        customer=customer_party(agreement),
        settings=dpa_settings(agreement, language),
        subprocessors=subprocessors_in_force(timezone.localdate(), language),
        draft=draft,
    )


def specimen_snapshot(version: DpaVersion, language: str, *, draft: bool) -> Snapshot:
    """A document without a customer: the controller's details left blank."""
    blank = Party("", "", "", "", "", "")
    return build_snapshot(
        version=version.text(language),
        processor=processor_party(),
        customer=blank,
        settings=DpaSettings(sign_type="manual"),
        subprocessors=subprocessors_in_force(timezone.localdate(), language),
        draft=draft,
    )
