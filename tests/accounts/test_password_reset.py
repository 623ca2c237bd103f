from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django_tasks_db.models import DBTaskResult

from dpaportal.accounts.models import User
from dpaportal.mail import deliver_email
from tests.accounts.test_login import log_in
from tests.background.queue import (
    QUEUE_IN_THE_DATABASE,
    deferred_until_later,
    mail_server_down,
    run_worker,
    time_passes,
)

pytestmark = pytest.mark.django_db(transaction=True)


def ask_for_a_reset(email: str, language: str = "en") -> object:
    return Client().post(
        "/accounts/password-reset/", {"email": email}, HTTP_ACCEPT_LANGUAGE=language
    )


def reset_link(body: str) -> str:
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+)", body)
    assert link, body
    return link.group(1)


def choose_a_new_password(link: str, password: str) -> None:
    client = Client()
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
    )


def test_password_reset_sends_a_link_that_sets_a_new_password(alice: User) -> None:
    ask_for_a_reset("alice@muster.example")

    choose_a_new_password(reset_link(mail.outbox[0].body), "a new long passphrase")

    assert (
        log_in(Client(), "alice@muster.example", "a new long passphrase").status_code
        == 302
    )


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    db: None,
) -> None:
    response = Client().post(
        "/accounts/password-reset/", {"email": "nobody@muster.example"}, follow=True
    )

    assert mail.outbox == []
    assert b"If an account belongs to the address" in response.content


@QUEUE_IN_THE_DATABASE
def test_the_reset_e_mail_waits_in_the_queue_and_its_link_works(alice: User) -> None:
    ask_for_a_reset("alice@muster.example")

    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == deliver_email.module_path
    assert queued.args_kwargs["kwargs"]["recipients"] == ["alice@muster.example"]
    run_worker()

    assert mail.outbox[0].to == ["alice@muster.example"]
    assert mail.outbox[0].subject == "Choose a new password for the DPA Portal"
    choose_a_new_password(reset_link(mail.outbox[0].body), "a new long passphrase")
    assert (
        log_in(Client(), "alice@muster.example", "a new long passphrase").status_code
        == 302
    )


@QUEUE_IN_THE_DATABASE
def test_with_the_mail_server_down_the_reset_is_answered_and_the_e_mail_retried(
    alice: User,
) -> None:
    with mail_server_down():
        response = ask_for_a_reset("alice@muster.example")
        run_worker()

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []
    [retry] = deferred_until_later()
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    time_passes()
    run_worker()
    assert reset_link(mail.outbox[0].body).startswith("/accounts/password-reset/")


def test_the_reset_e_mail_is_in_the_language_of_the_request(alice: User) -> None:
    ask_for_a_reset("alice@muster.example", language="de")

    assert mail.outbox[0].subject == "Neues Passwort für das AVV-Portal festlegen"


def test_the_reset_link_points_at_the_public_address_not_the_request_host(
    alice: User,
) -> None:
    Client().post(
        "/accounts/password-reset/",
        {"email": "alice@muster.example"},
        HTTP_HOST="attacker.example",
    )

    assert "attacker.example" not in mail.outbox[0].body
    assert f"{settings.BASE_URL}/accounts/password-reset/" in mail.outbox[0].body
