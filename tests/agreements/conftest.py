"""Muster GmbH ready to sign: DPA 1.0 published, settings saved, bob the signer."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from dpaportal.accounts.models import User
from dpaportal.agreements.models import AgreementSettings
from dpaportal.organisations.models import Organisation
from dpaportal.versions.models import DpaVersion
from dpaportal.versions.services import install_default_version
from tests.agreements.factories import company_details, hosting_provider, vendor_details
from tests.conftest import PASSWORD


@pytest.fixture
def version(db: None) -> DpaVersion:
    vendor_details()
    hosting_provider()
    return install_default_version()


@pytest.fixture
def dpa_settings(
    muster: Organisation, alice: User, bob: User, version: DpaVersion
) -> AgreementSettings:
    settings = company_details(muster)
    settings.signers.add(bob)
    return settings


@pytest.fixture
def on_paper(
    muster: Organisation, alice: User, version: DpaVersion
) -> AgreementSettings:
    """Muster GmbH signs by hand; the parts to fill in are left blank."""
    return company_details(muster, sign_type="manual", default_groups=[])


def signer_client(user: User) -> Client:
    """A client logged in through the login form, as a real signer would be."""
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0")
    response = client.post(
        "/accounts/login/",
        {"username": user.email, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 302, response.content
    return client


def shown_fingerprint(client: Client, slug: str = "muster-gmbh") -> str:
    page = client.get(f"/o/{slug}/dpa/sign/")
    assert page.status_code == 200, page.status_code
    match = re.search(rb'name="fingerprint" value="([0-9a-f]{64})"', page.content)
    assert match
    return match.group(1).decode()


def read_to_the_end(
    client: Client, fingerprint: str, slug: str = "muster-gmbh"
) -> None:
    for event in ("opened", "end"):
        response = client.post(
            f"/o/{slug}/dpa/sign/reading/",
            {"fingerprint": fingerprint, "event": event},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content


FOOTPRINT = (
    '{"time_zone": "Europe/Berlin", "languages": "de-DE, en", '
    '"screen": "1920x1080x24", "platform": "Linux x86_64", "pixel_ratio": "1"}'
)


def submit_signature(
    client: Client, fingerprint: str, name: str = "Bob Member", confirm: bool = True
) -> object:
    data = {"fingerprint": fingerprint, "full_name": name, "footprint": FOOTPRINT}
    if confirm:
        data["confirm"] = "yes"
    return client.post(
        "/o/muster-gmbh/dpa/sign/submit/", data, REMOTE_ADDR="203.0.113.9"
    )
