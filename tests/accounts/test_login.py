from __future__ import annotations

import hashlib
import ipaddress

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from dpaportal.accounts.models import User
from dpaportal.audit.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def log_in(client: Client, email: str, password: str) -> object:
    return client.post(
        "/accounts/login/",
        {"username": email, "password": password},
        REMOTE_ADDR="198.51.100.7",
    )


def test_a_member_logs_in_with_email_and_lands_on_the_dashboard(alice: User) -> None:
    client = Client()

    response = log_in(client, "Alice@Muster.example", PASSWORD)

    assert response.status_code == 302
    assert client.get(response["Location"]).url == "/o/muster-gmbh/"
    event = AuditEvent.objects.get(event_type="account.login")
    assert event.actor_id == alice.pk
    assert event.details == {"ip": "198.51.100.7"}


def test_a_wrong_password_and_an_unknown_account_look_the_same(alice: User) -> None:
    wrong_password = log_in(Client(), "alice@muster.example", "not the password")
    unknown_account = log_in(Client(), "nobody@muster.example", "not the password")

    message = b"The e-mail address or the password is not correct."
    assert wrong_password.status_code == unknown_account.status_code == 200
    assert message in wrong_password.content
    assert message in unknown_account.content


def test_a_failed_login_is_recorded_without_the_address(alice: User) -> None:
    log_in(Client(), "alice@muster.example", "not the password")

    event = AuditEvent.objects.get(event_type="account.login_failed")
    assert event.actor_id is None
    assert "alice@muster.example" not in str(event.details)
    assert (
        event.details["username_sha256"]
        == hashlib.sha256(b"alice@muster.example").hexdigest()
    )


def test_repeated_failures_lock_the_account_out_even_with_the_right_password(
    alice: User,
) -> None:
    for _ in range(5):
        log_in(Client(), "alice@muster.example", "guess")

    response = log_in(Client(), "alice@muster.example", PASSWORD)

    assert response.status_code == 429
    assert b"Too many attempts" in response.content


def test_changing_the_capitals_of_the_address_gives_no_fresh_attempts(
    alice: User,
) -> None:
    for typed in (
        "alice@muster.example",
        "Alice@muster.example",
        "ALICE@MUSTER.EXAMPLE",
    ):
        log_in(Client(), typed, "guess")
    for typed in ("alice@Muster.example", " alice@muster.EXAMPLE "):
        log_in(Client(), typed, "guess")

    response = log_in(Client(), "aLiCe@muster.example", PASSWORD)

    assert response.status_code == 429


def test_failures_behind_a_trusted_proxy_count_for_the_client_behind_it(
    alice: User, settings: SettingsWrapper
) -> None:
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]
    for _ in range(5):
        Client().post(
            "/accounts/login/",
            {"username": "alice@muster.example", "password": "guess"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )

    def from_client(address: str) -> int:
        return (
            Client()
            .post(
                "/accounts/login/",
                {"username": "alice@muster.example", "password": PASSWORD},
                REMOTE_ADDR="10.0.0.2",
                HTTP_X_FORWARDED_FOR=address,
            )
            .status_code
        )

    assert from_client("203.0.113.9") == 429
    assert from_client("198.51.100.20") == 302


def test_logging_out_needs_a_post_and_ends_the_session(alice: User) -> None:
    client = Client()
    log_in(client, "alice@muster.example", PASSWORD)

    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")

    assert client.get("/o/muster-gmbh/").status_code == 302
