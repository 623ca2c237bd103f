from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dpaportal import config


def run_dpaportal(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DPAPORTAL_", "DJANGO_", "DATABASE_URL"))
    }
    environment |= {"DPAPORTAL_DATA_DIR": str(tmp_path)} | env
    return subprocess.run(
        [sys.executable, "-m", "dpaportal", "check"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DPAPORTAL_DEBUG", "perhaps"),
        ("DATABASE_URL", "mysql://localhost/dpa"),
        ("DPAPORTAL_EMAIL_URL", "pigeon://loft"),
        ("DPAPORTAL_EMAIL_URL", "file:///proc/mail"),
        ("DPAPORTAL_TRUSTED_PROXIES", "10.0.0.0/8,not-an-address"),
        ("DPAPORTAL_SECRET_KEY", "short"),
        ("DPAPORTAL_REMINDER_DAYS", "14,seven"),
        ("DPAPORTAL_REMINDER_CHECK_MINUTES", "0"),
        ("DPAPORTAL_TSA_URL", "ftp://tsa.example"),
        ("DPAPORTAL_BASE_URL", "dpa.example.com"),
        ("DPAPORTAL_ALLOWED_HOSTS", "https://dpa.example.com"),
        ("DPAPORTAL_ALLOWED_HOSTS", " , "),
        ("DPAPORTAL_DATA_DIR", "/proc/dpaportal"),
    ],
)
def test_a_wrong_value_stops_start_up_naming_the_variable(
    tmp_path: Path, variable: str, value: str
) -> None:
    result = run_dpaportal(
        tmp_path, **({"DPAPORTAL_SECRET_KEY": "k" * 40} | {variable: value})
    )

    assert result.returncode == 2
    assert f"configuration error: {variable}:" in result.stderr


def test_production_start_up_without_a_secret_key_is_refused(tmp_path: Path) -> None:
    result = run_dpaportal(tmp_path)

    assert result.returncode == 2
    assert "DPAPORTAL_SECRET_KEY: is required" in result.stderr


def test_a_stored_secret_key_too_short_to_be_secret_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("short")

    with pytest.raises(config.ConfigurationError, match="shorter than 32"):
        config.read_secret_key({}, "DPAPORTAL_SECRET_KEY", tmp_path, False)


def test_the_demo_generates_a_secret_key_once_and_keeps_it(tmp_path: Path) -> None:
    first = config.read_secret_key({}, "DPAPORTAL_SECRET_KEY", tmp_path, True)
    second = config.read_secret_key({}, "DPAPORTAL_SECRET_KEY", tmp_path, False)

    assert first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_database_url_chooses_sqlite_by_default_and_postgres_when_given(
    tmp_path: Path,
) -> None:
    default = config.read_database({}, "DATABASE_URL", tmp_path / "db.sqlite3")
    postgres = config.read_database(
        {"DATABASE_URL": "postgres://dpa:pw@db.internal:5432/dpaportal"},
        "DATABASE_URL",
        tmp_path / "db.sqlite3",
    )

    assert default["ENGINE"] == "django.db.backends.sqlite3"
    assert default["NAME"] == str(tmp_path / "db.sqlite3")
    assert postgres["ENGINE"] == "django.db.backends.postgresql"
    assert (postgres["HOST"], postgres["NAME"]) == ("db.internal", "dpaportal")


def test_email_url_reads_console_file_and_smtp(tmp_path: Path) -> None:
    def read(url: str) -> config.EmailConfig:
        return config.read_email({"E": url}, "E", tmp_path / "mail")

    assert read("console:").backend.endswith("console.EmailBackend")
    assert read("file:").file_path == str(tmp_path / "mail")
    smtp = read("smtp+tls://mailer:s%40cret@mail.example:587")
    assert (smtp.host, smtp.port, smtp.user, smtp.password, smtp.use_tls) == (
        "mail.example",
        587,
        "mailer",
        "s@cret",
        True,
    )
