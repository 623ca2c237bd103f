"""Staff of the legal team at work: versions, the registry, processor details."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import Group

from dpaportal.accounts.models import User
from dpaportal.processor.models import ProcessorDetails
from dpaportal.staff.measures import measures_as_text
from dpaportal.subprocessors.models import SubProcessor
from dpaportal.versions.models import DpaVersion
from dpaportal.versions.services import install_default_version, start_draft
from tests.conftest import make_user

PROCESSING_FIELDS = (
    "subject_matter",
    "nature",
    "purpose",
    "duration",
    "special_categories",
    "retention",
)


@pytest.fixture
def rudi(db: None) -> User:
    user = make_user("rudi@vendor.example", "Rudi Review", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="reviewers")[0])
    return user


@pytest.fixture
def processor_details(db: None) -> ProcessorDetails:
    return ProcessorDetails.objects.create(
        legal_name="Vendor GmbH",
        address="Hauptstraße 1\n10115 Berlin",
        country="Germany",
        registration_number="HRB 12345",
        representative="Vera Vendor",
        contact_email="privacy@vendor.example",
        data_protection_officer="Dana DPO",
    )


@pytest.fixture
def published(db: None) -> DpaVersion:
    return install_default_version()


@pytest.fixture
def draft(published: DpaVersion, lena: User) -> DpaVersion:
    return start_draft(lena)


@pytest.fixture
def hosting(db: None) -> SubProcessor:
    return SubProcessor.objects.create(
        name="Cloud Hosting",
        legal_entity="Cloud Hosting SE",
        address="Cloudweg 2, Frankfurt",
        contact="dpo@cloud.example",
        service="Hosting",
        data_categories="All Controller Data",
        locations=["Germany"],
        transfer_mechanism="eea",
        active_from=datetime.date(2024, 1, 1),
    )


def subprocessor_payload(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Mail Relay",
        "legal_entity": "Mail Relay Ltd",
        "address": "1 Post Street, Dublin",
        "contact": "privacy@mail.example",
        "service": "Sending e-mail",
        "service_de": "",
        "data_categories": "E-mail addresses",
        "data_categories_de": "",
        "locations": "Ireland, Germany",
        "transfer_mechanism": "eea",
        "parent": "",
        "active_from": "2024-03-01",
        "active_until": "",
    }
    return {**data, **overrides}


def text_payload(text: dict[str, Any], summary: str = "") -> dict[str, Any]:
    """What the edit page posts when nothing is changed."""
    processing = text["processing"]
    clauses = text["clauses"]
    data: dict[str, Any] = {
        "title": text["title"],
        "preamble": text["preamble"],
        **{name: processing[name] for name in PROCESSING_FIELDS},
        "types_of_personal_data": "\n".join(processing["types_of_personal_data"]),
        "measures": measures_as_text(text["measures"]),
        "change_summary": summary,
        "clauses-TOTAL_FORMS": str(len(clauses) + 1),
        "clauses-INITIAL_FORMS": str(len(clauses)),
        "clauses-MIN_NUM_FORMS": "1",
        "clauses-MAX_NUM_FORMS": "1000",
    }
    for index, clause in enumerate(clauses):
        data.update(
            {
                f"clauses-{index}-number": clause["number"],
                f"clauses-{index}-title": clause["title"],
                f"clauses-{index}-body": clause["body"],
                f"clauses-{index}-tags": list(clause["tags"]),
                f"clauses-{index}-ORDER": str(index + 1),
            }
        )
    return data
