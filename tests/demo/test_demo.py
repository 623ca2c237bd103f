from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from dpaportal.accounts.models import User
from dpaportal.organisations.models import Membership, Organisation
from dpaportal.processor.models import ProcessorDetails

pytestmark = pytest.mark.django_db


def run_demo_without_serving(capsys: pytest.CaptureFixture[str]) -> str:
    call_command("demo", "--no-serve")
    return capsys.readouterr().out


def test_the_demo_seeds_every_role_and_prints_working_logins(
    capsys: pytest.CaptureFixture[str],
) -> None:
    output = run_demo_without_serving(capsys)

    assert Organisation.objects.get(slug="muster-gmbh").licence_signed
    assert not Organisation.objects.get(slug="beispiel-ag").licence_signed
    assert ProcessorDetails.current() is not None
    assert User.objects.filter(is_staff=True, groups__name="legal").exists()
    assert User.objects.filter(is_staff=True, groups__name="reviewers").exists()
    assert Membership.objects.filter(organisation__slug="muster-gmbh").count() == 3
    line = next(line for line in output.splitlines() if "anna.admin@" in line)
    email, password = line.split()[:2]
    client = Client()
    client.post("/accounts/login/", {"username": email, "password": password})
    assert client.get("/o/muster-gmbh/").status_code == 200


def test_running_the_demo_again_keeps_the_data_and_the_passwords(
    capsys: pytest.CaptureFixture[str], settings: object
) -> None:
    first = run_demo_without_serving(capsys)
    User.objects.filter(email="anna.admin@muster.example").update(full_name="Renamed")

    second = run_demo_without_serving(capsys)

    assert User.objects.get(email="anna.admin@muster.example").full_name == "Renamed"
    assert Organisation.objects.count() == 2
    logins = [line for line in first.splitlines() if "@" in line]
    assert logins == [line for line in second.splitlines() if "@" in line]
    assert Path(settings.DATA_DIR, "demo-logins.json").exists()  # type: ignore[attr-defined]
