from __future__ import annotations

import datetime

import pytest

from dpaportal.accounts.models import User
from dpaportal.agreements.snapshots import (
    DocumentInputsMissing,
    organisation_snapshot,
)
from dpaportal.documents.snapshot import fingerprint
from dpaportal.organisations.models import Membership, Organisation, Role
from dpaportal.versions.models import DpaVersion
from dpaportal.versions.services import install_default_version
from tests.agreements.factories import company_details, hosting_provider, vendor_details

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(db: None) -> DpaVersion:
    vendor_details()
    return install_default_version()


def current_fingerprint(organisation: Organisation, version: DpaVersion) -> str:
    return fingerprint(organisation_snapshot(organisation, version, draft=False))


def test_the_snapshot_holds_the_chosen_language_groups_and_people(
    muster: Organisation, alice: User, bob: User, version: DpaVersion
) -> None:
    settings = company_details(muster, language="de")
    settings.instruction_givers.add(bob)
    settings.signers.add(bob)

    snapshot = organisation_snapshot(muster, version, draft=True)

    assert snapshot["language"] == "de"
    assert snapshot["draft"] is True
    assert snapshot["settings"]["affected_groups"] == [
        "Beschäftigte und Kollegen",
        "Kunden",
        "Visitors",
    ]
    givers = [
        (p["email"], p["role"]) for p in snapshot["settings"]["instruction_givers"]
    ]
    assert givers == [
        ("alice@muster.example", "Administrator"),
        ("bob@muster.example", "Vom Verantwortlichen benannt"),
    ]
    assert [p["email"] for p in snapshot["settings"]["signers"]] == [
        "bob@muster.example"
    ]


def test_administrators_are_instruction_givers_as_they_are_now(
    muster: Organisation, alice: User, bob: User, version: DpaVersion
) -> None:
    company_details(muster)
    before = current_fingerprint(muster, version)

    Membership.objects.filter(user=bob).update(role=Role.ADMINISTRATOR)

    assert current_fingerprint(muster, version) != before


def test_sub_processors_in_force_today_are_listed_and_others_not(
    muster: Organisation, alice: User, version: DpaVersion
) -> None:
    company_details(muster)
    hosting_provider()
    hosting_provider(name="Ended Ltd", active_until=datetime.date(2025, 6, 30))
    hosting_provider(name="Future Ltd", active_from=datetime.date(2099, 1, 1))

    snapshot = organisation_snapshot(muster, version, draft=False)

    assert [item["name"] for item in snapshot["subprocessors"]] == ["Nordlicht Hosting"]
    assert snapshot["subprocessors"][0]["transfer_mechanism"] == "Within the EU/EEA"


def test_any_change_of_an_input_changes_the_fingerprint(
    muster: Organisation, alice: User, version: DpaVersion
) -> None:
    settings = company_details(muster)
    provider = hosting_provider()
    seen = {current_fingerprint(muster, version)}
    assert current_fingerprint(muster, version) in seen  # stable while unchanged

    provider.contact = "new-contact@nordlicht.example"
    provider.save()
    seen.add(current_fingerprint(muster, version))
    settings.own_groups = ["Visitors", "Guests"]
    settings.save()
    seen.add(current_fingerprint(muster, version))
    settings.language = "de"
    settings.save()
    seen.add(current_fingerprint(muster, version))

    assert len(seen) == 4


def test_a_snapshot_needs_the_company_details(
    muster: Organisation, version: DpaVersion
) -> None:
    with pytest.raises(DocumentInputsMissing, match="company details"):
        organisation_snapshot(muster, version, draft=True)
