"""The sub-processor registry: adding, changing, ending, and its history."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from dpaportal.accounts.models import User
from dpaportal.audit.models import AuditEvent
from dpaportal.subprocessors.models import SubProcessor
from tests.conftest import logged_in
from tests.staff.conftest import subprocessor_payload


def entry_payload(entry: SubProcessor, **overrides: str) -> dict[str, str]:
    """What the edit page posts for ``entry`` when only ``overrides`` change."""
    stored = {
        "name": entry.name,
        "legal_entity": entry.legal_entity,
        "address": entry.address,
        "contact": entry.contact,
        "service": entry.service,
        "data_categories": entry.data_categories,
        "locations": ", ".join(entry.locations),
        "transfer_mechanism": entry.transfer_mechanism,
        "parent": str(entry.parent_id or ""),
        "active_from": entry.active_from.isoformat(),
        "active_until": entry.active_until.isoformat() if entry.active_until else "",
    }
    return subprocessor_payload(**{**stored, **overrides})


def test_legal_staff_add_a_subprocessor_with_its_locations_as_a_list(
    lena: User,
) -> None:
    response = logged_in(lena).post(
        "/staff/subprocessors/new/",
        subprocessor_payload(locations=" Ireland ,Germany,, Ireland"),
    )

    entry = SubProcessor.objects.get(name="Mail Relay")
    assert response["Location"] == f"/staff/subprocessors/{entry.pk}/"
    assert entry.locations == ["Ireland", "Germany"]
    event = AuditEvent.objects.get(event_type="subprocessor.added")
    assert event.object_id == str(entry.pk)
    assert event.details["fields"]["locations"] == ["Ireland", "Germany"]


def test_the_list_marks_entries_in_force_ended_and_not_yet_in_force(
    lena: User, hosting: SubProcessor
) -> None:
    today = timezone.localdate()
    SubProcessor.objects.create(
        **{
            **entry_fields(hosting),
            "name": "Old Backup",
            "active_until": today - datetime.timedelta(days=1),
        }
    )
    SubProcessor.objects.create(
        **{
            **entry_fields(hosting),
            "name": "Future Analytics",
            "active_from": today + datetime.timedelta(days=30),
        }
    )

    page = logged_in(lena).get("/staff/subprocessors/").content.decode()

    rows = {name: row_of(page, name) for name in ("Cloud Hosting", "Old Backup")}
    assert "in force" in rows["Cloud Hosting"]
    assert "ended" in rows["Old Backup"]
    assert "not yet in force" in row_of(page, "Future Analytics")
    assert "Germany" in rows["Cloud Hosting"]
    assert "Within the EU/EEA" in rows["Cloud Hosting"]


def entry_fields(entry: SubProcessor) -> dict[str, object]:
    return {
        "legal_entity": entry.legal_entity,
        "address": entry.address,
        "contact": entry.contact,
        "service": entry.service,
        "data_categories": entry.data_categories,
        "locations": entry.locations,
        "transfer_mechanism": entry.transfer_mechanism,
        "active_from": entry.active_from,
    }


def row_of(page: str, name: str) -> str:
    start = page.index(f">{name}</a>")
    return page[start : page.index("</tr>", start)]


def test_changing_a_subprocessor_records_the_from_and_to_values(
    lena: User, hosting: SubProcessor
) -> None:
    logged_in(lena).post(
        f"/staff/subprocessors/{hosting.pk}/",
        entry_payload(
            hosting, service="Hosting and backups", locations="Germany, Austria"
        ),
    )

    hosting.refresh_from_db()
    assert hosting.service == "Hosting and backups"
    event = AuditEvent.objects.get(event_type="subprocessor.changed")
    assert event.actor_id == lena.pk
    assert event.details["changes"] == {
        "service": {"from": "Hosting", "to": "Hosting and backups"},
        "locations": {"from": ["Germany"], "to": ["Germany", "Austria"]},
    }


def test_ending_a_subprocessor_sets_its_active_until_and_shows_in_its_history(
    lena: User, hosting: SubProcessor
) -> None:
    client = logged_in(lena)

    client.post(
        f"/staff/subprocessors/{hosting.pk}/",
        entry_payload(hosting, active_until="2025-06-30"),
    )
    page = client.get(f"/staff/subprocessors/{hosting.pk}/").content.decode()

    hosting.refresh_from_db()
    assert hosting.active_until == datetime.date(2025, 6, 30)
    history = page[page.index('id="history"') :]
    assert "Lena Legal" in history
    assert "active until: — → 2025-06-30" in history


def test_saving_without_changes_records_no_event(
    lena: User, hosting: SubProcessor
) -> None:
    response = logged_in(lena).post(
        f"/staff/subprocessors/{hosting.pk}/", entry_payload(hosting)
    )

    assert response.status_code == 302
    assert not AuditEvent.objects.filter(event_type="subprocessor.changed")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": "", "service": ""}, "name", "This field is required."),
        ({"locations": " , ,"}, "locations", "Enter at least one country."),
        (
            {"active_from": "2025-05-01", "active_until": "2025-04-30"},
            "active_until",
            "cannot end before it starts",
        ),
        ({"transfer_mechanism": "pigeon"}, "transfer_mechanism", "Select a valid"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_nothing_changes(
    overrides: dict[str, str],
    field: str,
    message: str,
    lena: User,
    hosting: SubProcessor,
) -> None:
    response = logged_in(lena).post(
        f"/staff/subprocessors/{hosting.pk}/",
        entry_payload(hosting, contact="typed@new.example", **overrides),
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page[page.index(f'id="id_{field}"') :]
    assert 'value="typed@new.example"' in page
    hosting.refresh_from_db()
    assert hosting.contact == "dpo@cloud.example"
    assert not AuditEvent.objects.filter(object_type="subprocessors.subprocessor")


def test_a_new_subprocessor_with_bad_input_is_not_created(lena: User) -> None:
    response = logged_in(lena).post(
        "/staff/subprocessors/new/", subprocessor_payload(locations="")
    )

    assert response.status_code == 400
    assert not SubProcessor.objects.exists()


def test_a_subprocessor_cannot_work_for_itself_or_for_one_below_it(
    lena: User, hosting: SubProcessor
) -> None:
    child = SubProcessor.objects.create(
        **{**entry_fields(hosting), "name": "Disk Vendor", "parent": hosting}
    )
    grandchild = SubProcessor.objects.create(
        **{**entry_fields(hosting), "name": "Disk Repair", "parent": child}
    )
    client = logged_in(lena)

    for parent in (hosting, grandchild):
        response = client.post(
            f"/staff/subprocessors/{hosting.pk}/",
            entry_payload(hosting, parent=str(parent.pk)),
        )
        assert response.status_code == 400
        assert "cannot work for itself" in response.content.decode()

    hosting.refresh_from_db()
    assert hosting.parent is None


def test_the_parent_choices_leave_out_the_entry_and_those_below_it(
    lena: User, hosting: SubProcessor
) -> None:
    child = SubProcessor.objects.create(
        **{**entry_fields(hosting), "name": "Disk Vendor", "parent": hosting}
    )
    other = SubProcessor.objects.create(**{**entry_fields(hosting), "name": "Mailer"})

    page = logged_in(lena).get(f"/staff/subprocessors/{child.pk}/").content.decode()

    start = page.index('name="parent"')
    select = page[start : page.index("</select>", start)]
    assert f'value="{hosting.pk}"' in select
    assert f'value="{other.pk}"' in select
    assert f'value="{child.pk}"' not in select


def test_dates_reach_the_date_inputs_as_iso_dates_in_german_too(
    lena: User, hosting: SubProcessor
) -> None:
    client = logged_in(lena)
    client.cookies["django_language"] = "de"

    page = client.get(f"/staff/subprocessors/{hosting.pk}/").content.decode()

    assert 'lang="de"' in page
    assert 'value="2024-01-01"' in page


def test_an_unknown_subprocessor_answers_404(lena: User) -> None:
    assert logged_in(lena).get("/staff/subprocessors/999/").status_code == 404
