from __future__ import annotations

import pytest
from django.test import Client

from dpaportal.accounts.models import User
from dpaportal.audit.models import AuditEvent
from dpaportal.organisations.models import Membership, Role
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db


def membership_of(user: User) -> Membership:
    return Membership.objects.get(user=user)


def test_administrator_sees_the_members(alice: User, bob: User) -> None:
    response = logged_in(alice).get("/o/muster-gmbh/members/")

    assert response.status_code == 200
    assert b"bob@muster.example" in response.content


def test_administrator_changes_a_role(alice: User, bob: User) -> None:
    logged_in(alice).post(
        f"/o/muster-gmbh/members/{membership_of(bob).pk}/role/",
        {"role": Role.ADMINISTRATOR},
    )

    assert membership_of(bob).role == Role.ADMINISTRATOR
    event = AuditEvent.objects.get(event_type="member.role_changed")
    assert event.details == {"user_id": bob.pk, "from": "member", "to": "administrator"}
    assert event.actor_id == alice.pk


def test_an_unknown_role_is_refused(alice: User, bob: User) -> None:
    response = logged_in(alice).post(
        f"/o/muster-gmbh/members/{membership_of(bob).pk}/role/",
        {"role": "owner"},
        follow=True,
    )

    assert b"Choose a valid role" in response.content
    assert membership_of(bob).role == Role.MEMBER


def test_administrator_removes_a_member(alice: User, bob: User) -> None:
    logged_in(alice).post(f"/o/muster-gmbh/members/{membership_of(bob).pk}/remove/")

    assert not Membership.objects.filter(user=bob).exists()
    assert User.objects.filter(pk=bob.pk).exists()
    assert AuditEvent.objects.filter(event_type="member.removed").count() == 1


def test_the_last_administrator_can_neither_leave_nor_be_demoted(alice: User) -> None:
    client = logged_in(alice)
    own = membership_of(alice)

    demoted = client.post(
        f"/o/muster-gmbh/members/{own.pk}/role/", {"role": Role.MEMBER}, follow=True
    )
    client.post(f"/o/muster-gmbh/members/{own.pk}/remove/")

    assert b"at least one administrator" in demoted.content
    assert membership_of(alice).role == Role.ADMINISTRATOR


def test_a_member_gets_403_on_administrators_pages(alice: User, bob: User) -> None:
    client = logged_in(bob)
    alice_member = membership_of(alice)

    assert client.get("/o/muster-gmbh/").status_code == 200
    assert client.get("/o/muster-gmbh/members/").status_code == 403
    assert (
        client.post(
            f"/o/muster-gmbh/members/{alice_member.pk}/role/", {"role": "member"}
        ).status_code
        == 403
    )
    assert (
        client.post(f"/o/muster-gmbh/members/{alice_member.pk}/remove/").status_code
        == 403
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/o/muster-gmbh/"),
        ("get", "/o/muster-gmbh/members/"),
        ("post", "/o/muster-gmbh/members/{bob}/role/"),
        ("post", "/o/muster-gmbh/members/{bob}/remove/"),
        ("post", "/o/other-ltd/members/{bob}/role/"),
        ("post", "/o/other-ltd/members/{bob}/remove/"),
    ],
)
def test_another_organisations_administrator_gets_404(
    method: str, path: str, alice: User, bob: User, charlie: User
) -> None:
    url = path.format(bob=membership_of(bob).pk)

    response = getattr(logged_in(charlie), method)(url, {"role": "administrator"})

    assert response.status_code == 404
    assert membership_of(bob).role == Role.MEMBER


def test_an_unknown_organisation_is_404_like_a_foreign_one(alice: User) -> None:
    assert logged_in(alice).get("/o/no-such-organisation/").status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(muster: object) -> None:
    response = Client().get("/o/muster-gmbh/members/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
