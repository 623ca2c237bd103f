from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dpaportal.organisations.models import Organisation
from dpaportal.versions.services import install_default_version
from tests.agreements.factories import company_details, hosting_provider, vendor_details

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def default_version(db: None) -> None:
    vendor_details()
    hosting_provider()
    install_default_version()


def test_render_writes_a_german_pdf_for_an_organisation(
    tmp_path: Path, muster: Organisation
) -> None:
    company_details(muster)
    out = tmp_path / "dpa.pdf"

    call_command(
        "render",
        "--version",
        "1.0",
        "--lang",
        "de",
        "--organisation",
        "muster-gmbh",
        "-o",
        str(out),
    )

    assert out.read_bytes().startswith(b"%PDF-")


def test_render_writes_html_with_the_annex_of_sub_processors(tmp_path: Path) -> None:
    out = tmp_path / "dpa.html"

    call_command("render", "--version", "1.0", "--lang", "en", "--html", "-o", str(out))

    html = out.read_text()
    assert "Annex IV" in html
    assert "Nordlicht Hosting" in html


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--version", "7.3", "--lang", "en"], "There is no DPA version 7.3."),
        (["--version", "1.0", "--lang", "fr"], "unknown language 'fr'"),
        (
            ["--version", "1.0", "--lang", "en", "--organisation", "nope"],
            "unknown organisation",
        ),
        (
            ["--version", "1.0", "--lang", "en", "--organisation", "muster-gmbh"],
            "company details",
        ),
    ],
)
def test_render_refuses_unknown_inputs_with_exit_code_2(
    tmp_path: Path, muster: Organisation, arguments: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message) as failure:
        call_command("render", *arguments, "-o", str(tmp_path / "x.pdf"))

    assert failure.value.returncode == 2
    assert not (tmp_path / "x.pdf").exists()
