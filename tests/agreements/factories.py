"""Builders for agreement data shared by the agreement tests."""

from __future__ import annotations

import datetime

from dpaportal.agreements.models import AgreementSettings
from dpaportal.organisations.models import Organisation
from dpaportal.processor.models import ProcessorDetails
from dpaportal.subprocessors.models import SubProcessor


def vendor_details() -> ProcessorDetails:
    return ProcessorDetails.objects.create(
        legal_name="Deskwise Software GmbH",
        address="Beispielstraße 12\n80331 München",
        country="Germany",
        registration_number="HRB 123456",
        representative="Clara Vogt",
        contact_email="privacy@deskwise.example",
        data_protection_officer="Jonas Richter",
    )


def company_details(organisation: Organisation, **fields: object) -> AgreementSettings:
    values: dict[str, object] = {
        "legal_name": "Muster GmbH",
        "address": "Musterweg 1\n10115 Berlin",
        "country": "Germany",
        "registration_number": "HRB 98765",
        "representative": "Maria Muster",
        "contact_email": "legal@muster.example",
        "default_groups": ["employees", "customers"],
        "own_groups": ["Visitors"],
    }
    values.update(fields)
    return AgreementSettings.objects.create(organisation=organisation, **values)


def hosting_provider(**fields: object) -> SubProcessor:
    values: dict[str, object] = {
        "name": "Nordlicht Hosting",
        "legal_entity": "Nordlicht Hosting GmbH",
        "address": "Hafenstraße 4, Hamburg",
        "contact": "privacy@nordlicht.example",
        "service": "Hosting",
        "service_de": "Hosting der Server",
        "data_categories": "All personal data",
        "locations": ["Germany"],
        "transfer_mechanism": "eea",
        "active_from": datetime.date(2025, 1, 1),
    }
    values.update(fields)
    return SubProcessor.objects.create(**values)
