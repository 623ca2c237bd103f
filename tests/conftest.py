"""Shared people: alice administers Muster GmbH, bob is a member there,
charlie administers another organisation; staff lena (legal) and rudi (review)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone, translation

from dpaportal.accounts.models import User
from dpaportal.organisations.models import Membership, Organisation, Role

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def english_by_default() -> Iterator[None]:
    # The locale middleware leaves the last request's language active in the
    # thread; without a reset, one German page would make later tests German.
    translation.activate("en")
    yield
    translation.activate("en")


def make_user(email: str, full_name: str, **fields: object) -> User:
    return User.objects.create_user(
        email, password=PASSWORD, full_name=full_name, **fields
    )


@pytest.fixture
def muster(db: None) -> Organisation:
    return Organisation.objects.create(
        name="Muster GmbH", slug="muster-gmbh", licence_signed_at=timezone.now()
    )


@pytest.fixture
def other_organisation(db: None) -> Organisation:
    return Organisation.objects.create(name="Other Ltd", slug="other-ltd")


@pytest.fixture
def alice(muster: Organisation) -> User:
    user = make_user("alice@muster.example", "Alice Admin")
    Membership.objects.create(organisation=muster, user=user, role=Role.ADMINISTRATOR)
    return user


@pytest.fixture
def bob(muster: Organisation) -> User:
    user = make_user("bob@muster.example", "Bob Member")
    Membership.objects.create(organisation=muster, user=user, role=Role.MEMBER)
    return user


@pytest.fixture
def charlie(other_organisation: Organisation) -> User:
    user = make_user("charlie@other.example", "Charlie Other")
    Membership.objects.create(
        organisation=other_organisation, user=user, role=Role.ADMINISTRATOR
    )
    return user


@pytest.fixture
def lena(db: None) -> User:
    user = make_user("lena@vendor.example", "Lena Legal", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="legal")[0])
    return user


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
