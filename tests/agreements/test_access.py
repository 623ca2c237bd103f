from __future__ import annotations

import pytest

from dpaportal.accounts.models import User
from dpaportal.agreements.models import AgreementSettings, SignedAgreement
from dpaportal.organisations.models import Membership, Organisation, Role
from tests.agreements.conftest import (
    read_to_the_end,
    shown_fingerprint,
    signer_client,
    submit_signature,
)
from tests.conftest import logged_in, make_user

pytestmark = pytest.mark.django_db

URLS = [
    ("get", "/o/{slug}/dpa/"),
    ("get", "/o/{slug}/dpa/settings/"),
    ("post", "/o/{slug}/dpa/settings/"),
    ("get", "/o/{slug}/dpa/draft/"),
    ("get", "/o/{slug}/dpa/draft.pdf"),
    ("post", "/o/{slug}/dpa/inform/"),
    ("get", "/o/{slug}/dpa/sign/"),
    ("post", "/o/{slug}/dpa/sign/reading/"),
    ("post", "/o/{slug}/dpa/sign/submit/"),
    ("get", "/o/{slug}/dpa/signed/{agreement}.pdf"),
]


@pytest.fixture
def signed(bob: User, dpa_settings: AgreementSettings) -> SignedAgreement:
    client = signer_client(bob)
    fingerprint = shown_fingerprint(client)
    read_to_the_end(client, fingerprint)
    submit_signature(client, fingerprint)
    return SignedAgreement.objects.get()


@pytest.fixture
def other_signer(charlie: User, other_organisation: Organisation) -> User:
    """A signer of the other organisation, to try the same URLs from there."""
    user = make_user("dora@other.example", "Dora Other")
    Membership.objects.create(organisation=other_organisation, user=user)
    settings = AgreementSettings.objects.create(
        organisation=other_organisation,
        legal_name="Other Ltd",
        address="1 Road",
        country="UK",
        registration_number="1",
        representative="Dora",
        contact_email="dora@other.example",
        default_groups=["customers"],
    )
    settings.signers.add(user)
    return user


@pytest.mark.parametrize(("method", "url"), URLS)
@pytest.mark.parametrize("outsider", ["charlie", "other_signer"])
def test_another_organisations_administrator_and_signer_get_404(
    method: str,
    url: str,
    outsider: str,
    signed: SignedAgreement,
    request: pytest.FixtureRequest,
) -> None:
    client = logged_in(request.getfixturevalue(outsider))

    response = getattr(client, method)(
        url.format(slug="muster-gmbh", agreement=signed.pk)
    )

    assert response.status_code == 404


def test_a_signed_dpa_of_another_organisation_is_404_under_ones_own_slug(
    signed: SignedAgreement, charlie: User
) -> None:
    response = logged_in(charlie).get(f"/o/other-ltd/dpa/signed/{signed.pk}.pdf")

    assert response.status_code == 404


@pytest.mark.parametrize(("method", "url"), URLS)
def test_a_member_who_is_no_signer_gets_403(
    method: str, url: str, signed: SignedAgreement
) -> None:
    member = make_user("mia@muster.example", "Mia Member")
    Membership.objects.create(
        organisation=signed.organisation, user=member, role=Role.MEMBER
    )

    response = getattr(logged_in(member), method)(
        url.format(slug="muster-gmbh", agreement=signed.pk)
    )

    assert response.status_code == 403


def test_a_signer_sees_the_dpa_page_but_nothing_else_of_the_admin_area(
    bob: User, dpa_settings: AgreementSettings
) -> None:
    client = logged_in(bob)

    assert client.get("/o/muster-gmbh/dpa/").status_code == 200
    assert client.get("/o/muster-gmbh/dpa/sign/").status_code == 200
    assert client.get("/o/muster-gmbh/dpa/settings/").status_code == 403
    assert client.get("/o/muster-gmbh/dpa/draft/").status_code == 403
    assert client.get("/o/muster-gmbh/members/").status_code == 403
    assert b"Sign DPA" in client.get("/o/muster-gmbh/dpa/").content


def test_removing_a_signer_takes_the_access_away(
    bob: User, dpa_settings: AgreementSettings
) -> None:
    dpa_settings.signers.remove(bob)

    assert logged_in(bob).get("/o/muster-gmbh/dpa/").status_code == 403
    assert logged_in(bob).get("/o/muster-gmbh/dpa/sign/").status_code == 403
