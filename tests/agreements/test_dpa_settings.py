from __future__ import annotations

import re

import pytest
from django.test import Client

from dpaportal.accounts.models import User
from dpaportal.agreements.models import AgreementSettings
from dpaportal.audit.models import AuditEvent
from dpaportal.organisations.models import Organisation
from dpaportal.versions.models import DpaVersion
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db

VALID = {
    "legal_name": "Muster GmbH",
    "address": "Musterweg 1\n10115 Berlin",
    "country": "Germany",
    "registration_number": "HRB 98765",
    "vat_id": "",
    "representative": "Maria Muster",
    "contact_email": "legal@muster.example",
    "data_protection_officer": "",
    "language": "de",
    "sign_type": "digital",
    "default_groups": ["employees", "customers"],
    "own_groups_text": "Visitors\n\nvisitors\nCleaning staff",
}


def save(client: Client, **changes: object) -> object:
    return client.post("/o/muster-gmbh/dpa/settings/", {**VALID, **changes})


def test_administrator_saves_the_settings_and_the_audit_lists_what_changed(
    alice: User, bob: User, version: DpaVersion
) -> None:
    client = logged_in(alice)

    response = save(client, signers=[bob.pk], instruction_givers=[bob.pk])
    save(client, signers=[bob.pk], instruction_givers=[bob.pk], language="en")

    assert response.status_code == 302
    settings = AgreementSettings.objects.get()
    assert settings.own_groups == ["Visitors", "Cleaning staff"]
    assert list(settings.signers.all()) == [bob]
    events = AuditEvent.objects.filter(event_type="dpa.settings_saved")
    assert events.count() == 2
    assert events.last().details["changes"] == {"language": {"from": "de", "to": "en"}}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"legal_name": ""}, "legal_name", "This field is required."),
        ({"contact_email": "nope"}, "contact_email", "Enter a valid email address."),
        ({"language": "fr"}, "language", "Select a valid choice."),
        ({"sign_type": "fax"}, "sign_type", "Select a valid choice."),
        (
            {"default_groups": [], "own_groups_text": " \n "},
            "default_groups",
            "Choose at least one group of people",
        ),
        ({"default_groups": ["aliens"]}, "default_groups", "Select a valid choice."),
    ],
)
def test_bad_settings_are_refused_next_to_the_field_and_nothing_is_stored(
    alice: User,
    version: DpaVersion,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    response = save(logged_in(alice), **changes)

    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    assert response.context["form"]["representative"].value() == "Maria Muster"
    assert not AgreementSettings.objects.exists()


def test_a_refused_field_points_screen_readers_at_its_message(
    alice: User, version: DpaVersion
) -> None:
    response = save(logged_in(alice), contact_email="not an address")

    page = response.content.decode()
    describedby = re.search(r'<input[^>]*name="contact_email"[^>]*>', page)
    assert describedby is not None
    target = re.search(r'aria-describedby="([^"]+)"', describedby.group(0))
    assert target is not None
    message = re.search(
        rf'<div id="{target.group(1)}">(.*?)</div>', page, flags=re.DOTALL
    )
    assert message is not None
    assert "valid email address" in message.group(1)


def test_manual_signing_needs_no_groups(alice: User, version: DpaVersion) -> None:
    response = save(
        logged_in(alice), sign_type="manual", default_groups=[], own_groups_text=""
    )

    assert response.status_code == 302


def test_a_user_of_another_organisation_cannot_be_named_signer(
    alice: User, charlie: User, version: DpaVersion
) -> None:
    response = save(logged_in(alice), signers=[charlie.pk])

    assert response.status_code == 400
    assert "signers" in response.context["form"].errors


def test_administrators_are_shown_as_always_authorized(
    alice: User, bob: User, version: DpaVersion
) -> None:
    page = logged_in(alice).get("/o/muster-gmbh/dpa/settings/")

    assert b"All administrators of your organisation" in page.content
    assert b"alice@muster.example" in page.content
    givers = page.context["form"].fields["instruction_givers"].queryset
    assert list(givers) == [bob]


def test_the_page_offers_no_signing_until_the_licence_is_signed(
    alice: User, bob: User, muster: Organisation, version: DpaVersion
) -> None:
    muster.licence_signed_at = None
    muster.save()

    page = logged_in(alice).get("/o/muster-gmbh/dpa/")

    assert b"once the licence agreement is signed" in page.content
    assert b"Inform the signer" not in page.content
