"""Foundation figures: the dashboard's server time and the CLI's cold start."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from statistics import median

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from bench.timing import Figure, median_ms


def measure() -> list[Figure]:
    call_command("migrate", verbosity=0)
    return [dashboard_figure(), cli_cold_start_figure()]


def dashboard_figure() -> Figure:
    from dpaportal.accounts.models import User
    from dpaportal.organisations.models import Membership, Organisation, Role

    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-gmbh",
        defaults={"name": "Bench GmbH", "licence_signed_at": timezone.now()},
    )
    user = User.objects.filter(email="bench@bench.example").first()
    if user is None:
        user = User.objects.create_user("bench@bench.example", "x" * 16, full_name="B")
    Membership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"role": Role.ADMINISTRATOR}
    )
    client = Client()
    client.force_login(user)

    def open_dashboard() -> None:
        response = client.get("/o/bench-gmbh/")
        assert response.status_code == 200

    runs = 200
    return Figure(
        "dashboard page, server time (test client)",
        median_ms(open_dashboard, runs=runs, warmup=10),
        "ms",
        goal=15,
        runs=runs,
    )


def cli_cold_start_figure() -> Figure:
    command = shutil.which("dpaportal", path=os.path.dirname(sys.executable))
    assert command, "the dpaportal console script is not installed"
    # The portal's own settings, not the benchmarks': the console script cannot
    # import ``bench``, and Django would quietly list only its core commands.
    environment = {
        key: value
        for key, value in os.environ.items()
        if key != "DJANGO_SETTINGS_MODULE"
    }
    environment["DPAPORTAL_DATA_DIR"] = os.environ["DPAPORTAL_BENCH_DIR"]
    samples = []
    for _ in range(7):
        started = time.perf_counter()
        finished = subprocess.run(
            [command, "--help"],
            check=True,
            capture_output=True,
            text=True,
            env=environment,
        )
        samples.append((time.perf_counter() - started) * 1000)
        assert "verify-audit" in finished.stdout, finished.stdout + finished.stderr
    return Figure(
        "`dpaportal --help`, cold start", median(samples), "ms", goal=1000, runs=7
    )
