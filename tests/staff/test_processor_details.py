"""The vendor's company details, kept by the legal team."""

from __future__ import annotations

from dpaportal.accounts.models import User
from dpaportal.audit.models import AuditEvent
from dpaportal.processor.models import ProcessorDetails
from tests.conftest import logged_in

DETAILS = {
    "legal_name": "Vendor GmbH",
    "address": "Hauptstraße 1\n10115 Berlin",
    "country": "Germany",
    "registration_number": "HRB 12345",
    "representative": "Vera Vendor",
    "contact_email": "privacy@vendor.example",
    "data_protection_officer": "",
}


def test_legal_staff_enter_the_processor_details_when_none_exist(lena: User) -> None:
    client = logged_in(lena)

    assert client.get("/staff/processor/").status_code == 200
    response = client.post("/staff/processor/", DETAILS)

    assert response.status_code == 302
    details = ProcessorDetails.current()
    assert details is not None
    assert details.legal_name == "Vendor GmbH"
    event = AuditEvent.objects.get(event_type="processor.details_changed")
    assert event.actor_id == lena.pk
    assert "legal_name" in event.details["changed"]


def test_changing_the_processor_details_keeps_one_row_and_records_the_fields(
    lena: User, processor_details: ProcessorDetails
) -> None:
    changed = {**DETAILS, "representative": "Max Neu", "data_protection_officer": "x"}

    logged_in(lena).post("/staff/processor/", changed)

    assert ProcessorDetails.objects.count() == 1
    processor_details.refresh_from_db()
    assert processor_details.representative == "Max Neu"
    event = AuditEvent.objects.get(event_type="processor.details_changed")
    assert event.details["changed"] == ["data_protection_officer", "representative"]


def test_empty_required_processor_details_are_refused_and_nothing_is_saved(
    lena: User, processor_details: ProcessorDetails
) -> None:
    response = logged_in(lena).post(
        "/staff/processor/", {**DETAILS, "legal_name": "", "contact_email": "nope"}
    )

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert 'value="nope"' in response.content.decode()
    processor_details.refresh_from_db()
    assert processor_details.legal_name == "Vendor GmbH"
    assert not AuditEvent.objects.filter(event_type="processor.details_changed")
