from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from dpaportal.accounts.models import User
from dpaportal.audit.models import AuditEvent
from dpaportal.organisations.models import Invitation, Membership, Organisation, Role
from tests.conftest import PASSWORD, logged_in

pytestmark = pytest.mark.django_db


def invite(client: Client, email: str, role: str = Role.MEMBER) -> object:
    return client.post("/o/muster-gmbh/members/", {"email": email, "role": role})


def token_from_last_mail() -> str:
    match = re.search(r"/invitations/([\w-]+)/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_administrator_invites_someone_by_email(alice: User) -> None:
    response = invite(logged_in(alice), "new.person@muster.example")

    assert response.status_code == 302
    assert mail.outbox[-1].to == ["new.person@muster.example"]
    assert "Muster GmbH" in mail.outbox[-1].subject
    invitation = Invitation.objects.get(email="new.person@muster.example")
    assert (invitation.expires_at - timezone.now()).days == 6  # just under 7 days
    assert AuditEvent.objects.filter(event_type="invitation.sent").count() == 1


def test_only_a_hash_of_the_invitation_token_is_stored(alice: User) -> None:
    invite(logged_in(alice), "new.person@muster.example")

    token = token_from_last_mail()
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()


def test_a_new_person_opens_an_account_and_joins(
    alice: User, muster: Organisation
) -> None:
    invite(logged_in(alice), "new.person@muster.example")
    token = token_from_last_mail()

    response = Client().post(
        f"/invitations/{token}/",
        {"full_name": "New Person", "password": PASSWORD, "password_again": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/o/muster-gmbh/"
    member = Membership.objects.get(user__email="new.person@muster.example")
    assert member.role == Role.MEMBER
    assert AuditEvent.objects.filter(event_type="invitation.accepted").count() == 1


def test_someone_with_an_account_accepts_after_logging_in(
    alice: User, charlie: User
) -> None:
    invite(logged_in(alice), "charlie@other.example", role=Role.ADMINISTRATOR)
    token = token_from_last_mail()

    anonymous_page = Client().get(f"/invitations/{token}/")
    response = logged_in(charlie).post(f"/invitations/{token}/")

    assert b"Log in to accept" in anonymous_page.content
    assert response.status_code == 302
    assert Membership.objects.get(
        user=charlie, organisation__slug="muster-gmbh"
    ).is_administrator


def test_an_invitation_works_only_once(alice: User) -> None:
    invite(logged_in(alice), "new.person@muster.example")
    token = token_from_last_mail()
    form = {"full_name": "New Person", "password": PASSWORD, "password_again": PASSWORD}
    Client().post(f"/invitations/{token}/", form)

    response = Client().post(f"/invitations/{token}/", form)

    assert response.status_code == 404
    assert b"already been used" in response.content


def test_an_unknown_invitation_link_is_refused(db: None) -> None:
    response = Client().get("/invitations/not-a-real-token/")

    assert response.status_code == 404
    assert b"not valid" in response.content


def test_an_expired_invitation_link_is_refused(alice: User) -> None:
    invite(logged_in(alice), "new.person@muster.example")
    token = token_from_last_mail()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    response = Client().get(f"/invitations/{token}/")

    assert response.status_code == 404
    assert b"expired" in response.content


def test_an_invitation_for_another_address_cannot_be_accepted(
    alice: User, charlie: User
) -> None:
    invite(logged_in(alice), "someone.else@muster.example")
    token = token_from_last_mail()

    response = logged_in(charlie).post(f"/invitations/{token}/")

    assert response.status_code == 400
    assert b"another e-mail address" in response.content
    assert not Membership.objects.filter(
        user=charlie, organisation__slug="muster-gmbh"
    ).exists()


def test_a_weak_or_mismatched_password_keeps_the_form(alice: User) -> None:
    invite(logged_in(alice), "new.person@muster.example")
    token = token_from_last_mail()

    mismatched = Client().post(
        f"/invitations/{token}/",
        {"full_name": "New Person", "password": PASSWORD, "password_again": "other"},
    )
    weak = Client().post(
        f"/invitations/{token}/",
        {"full_name": "New Person", "password": "123", "password_again": "123"},
    )

    assert mismatched.status_code == 400
    assert b"The two passwords differ" in mismatched.content
    assert b'value="New Person"' in mismatched.content
    assert weak.status_code == 400
    assert not User.objects.filter(email="new.person@muster.example").exists()


def test_inviting_an_existing_member_is_refused(alice: User, bob: User) -> None:
    response = invite(logged_in(alice), "Bob@Muster.example")

    assert response.status_code == 400
    assert b"already a member" in response.content
    assert mail.outbox == []


def test_an_invalid_email_address_is_refused(alice: User) -> None:
    response = invite(logged_in(alice), "not-an-address")

    assert response.status_code == 400
    assert b"Enter a valid e-mail address" in response.content
    assert not Invitation.objects.exists()


def test_a_new_invitation_replaces_the_open_one(alice: User) -> None:
    client = logged_in(alice)
    invite(client, "new.person@muster.example")
    first_token = token_from_last_mail()
    invite(client, "new.person@muster.example")

    assert Client().get(f"/invitations/{first_token}/").status_code == 404
    assert Client().get(f"/invitations/{token_from_last_mail()}/").status_code == 200


def test_a_withdrawn_invitation_stops_working(alice: User) -> None:
    client = logged_in(alice)
    invite(client, "new.person@muster.example")
    token = token_from_last_mail()
    invitation = Invitation.objects.get()

    client.post(f"/o/muster-gmbh/invitations/{invitation.pk}/revoke/")

    response = Client().get(f"/invitations/{token}/")
    assert response.status_code == 404
    assert b"withdrawn" in response.content


def test_a_member_cannot_withdraw_an_invitation(alice: User, bob: User) -> None:
    invite(logged_in(alice), "new.person@muster.example")
    invitation = Invitation.objects.get()

    response = logged_in(bob).post(
        f"/o/muster-gmbh/invitations/{invitation.pk}/revoke/"
    )

    assert response.status_code == 403
    assert Invitation.objects.get().is_open


def test_another_organisation_cannot_withdraw_an_invitation(
    alice: User, charlie: User
) -> None:
    invite(logged_in(alice), "new.person@muster.example")
    invitation = Invitation.objects.get()

    own_slug = logged_in(charlie).post(
        f"/o/other-ltd/invitations/{invitation.pk}/revoke/"
    )
    foreign_slug = logged_in(charlie).post(
        f"/o/muster-gmbh/invitations/{invitation.pk}/revoke/"
    )

    assert own_slug.status_code == 404
    assert foreign_slug.status_code == 404
    assert Invitation.objects.get().is_open
