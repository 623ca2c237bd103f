"""The IP address in the evidence: X-Forwarded-For counts only from trusted proxies."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from dpaportal.accounts.models import User
from dpaportal.agreements.models import AgreementSettings, SignatureEvidence
from dpaportal.config import read_networks
from tests.agreements.conftest import (
    FOOTPRINT,
    read_to_the_end,
    shown_fingerprint,
    signer_client,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def behind_proxies(settings: SettingsWrapper) -> None:
    env = {"DPAPORTAL_TRUSTED_PROXIES": "10.0.0.5, 172.16.0.0/12"}
    settings.TRUSTED_PROXIES = read_networks(env, "DPAPORTAL_TRUSTED_PROXIES")


def recorded_address(user: User, remote_addr: str, forwarded_for: str) -> str:
    client = signer_client(user)
    fingerprint = shown_fingerprint(client)
    read_to_the_end(client, fingerprint)

    response = client.post(
        "/o/muster-gmbh/dpa/sign/submit/",
        {
            "fingerprint": fingerprint,
            "full_name": "Bob Member",
            "confirm": "yes",
            "footprint": FOOTPRINT,
        },
        REMOTE_ADDR=remote_addr,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )

    assert response.status_code == 302
    return str(SignatureEvidence.objects.get().record["network"]["ip_address"])


def test_behind_a_trusted_proxy_the_forwarded_client_address_is_recorded(
    bob: User, dpa_settings: AgreementSettings, behind_proxies: None
) -> None:
    assert recorded_address(bob, "10.0.0.5", "198.51.100.7") == "198.51.100.7"


def test_a_forged_forwarded_for_from_an_untrusted_address_is_ignored(
    bob: User, dpa_settings: AgreementSettings, behind_proxies: None
) -> None:
    assert recorded_address(bob, "203.0.113.9", "198.51.100.7") == "203.0.113.9"


def test_without_trusted_proxies_forwarded_for_is_ignored(
    bob: User, dpa_settings: AgreementSettings, settings: SettingsWrapper
) -> None:
    settings.TRUSTED_PROXIES = []

    assert recorded_address(bob, "10.0.0.5", "198.51.100.7") == "10.0.0.5"


def test_across_several_proxies_the_right_most_untrusted_address_wins(
    bob: User, dpa_settings: AgreementSettings, behind_proxies: None
) -> None:
    # The client claims 192.0.2.66; the first trusted proxy saw 198.51.100.7
    # and a second one, inside 172.16.0.0/12, forwarded to 10.0.0.5.
    forwarded = "192.0.2.66, 198.51.100.7, 172.16.4.4"

    assert recorded_address(bob, "10.0.0.5", forwarded) == "198.51.100.7"
