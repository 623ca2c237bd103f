from __future__ import annotations

import pytest
from django.test import Client

from dpaportal.accounts.models import User
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_the_licence_state_and_role(alice: User) -> None:
    response = logged_in(alice).get("/o/muster-gmbh/")

    assert response.status_code == 200
    assert b"Muster GmbH" in response.content
    assert b"Administrator" in response.content
    assert b"Signed on" in response.content


def test_a_user_without_organisation_is_told_to_ask_for_an_invitation(
    db: None,
) -> None:
    loner = User.objects.create_user("loner@example.org", password="x" * 12)

    response = logged_in(loner).get("/")

    assert b"does not belong to any organisation" in response.content


def test_staff_see_all_organisations_and_customers_get_403(
    lena: User, alice: User, charlie: User
) -> None:
    staff_page = logged_in(lena).get("/staff/organisations/")

    assert staff_page.status_code == 200
    assert b"Muster GmbH" in staff_page.content
    assert b"Other Ltd" in staff_page.content
    assert logged_in(alice).get("/staff/organisations/").status_code == 403
    assert Client().get("/staff/organisations/").status_code == 302


def test_user_typed_names_are_escaped_in_pages(alice: User) -> None:
    alice.full_name = "<script>alert(1)</script>"
    alice.save()

    response = logged_in(alice).get("/o/muster-gmbh/members/")

    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content
