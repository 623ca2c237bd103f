"""``dpaportal render`` on the demo's data: the default DPA as a lawyer gets it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from dpaportal.documents.labels import ENGLISH, GERMAN
from tests.documents.pdftext import page_texts

pytestmark = pytest.mark.django_db

DEMO_SUBPROCESSORS = [
    entry["name"]
    for entry in json.loads(
        (
            Path(__file__).parents[2] / "src/dpaportal/demo/subprocessors.json"
        ).read_text()
    )
]


@pytest.fixture
def demo(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo", "--no-serve")
    capsys.readouterr()


def render(tmp_path: Path, *arguments: str) -> list[str]:
    out = tmp_path / "dpa.pdf"
    call_command("render", "--version", "1.0", *arguments, "-o", str(out))
    return page_texts(out.read_bytes(), artifacts=False)


@pytest.mark.parametrize(
    ("language", "labels", "words"),
    [
        ("en", ENGLISH, ["Data Processing Agreement", "Deskwise Software GmbH"]),
        ("de", GERMAN, ["Auftragsverarbeitung", "Deskwise Software GmbH"]),
    ],
)
def test_render_gives_the_whole_default_dpa_with_the_demos_sub_processors(
    demo: None,
    tmp_path: Path,
    language: str,
    labels: dict[str, str],
    words: list[str],
) -> None:
    pages = render(tmp_path, "--lang", language)

    assert len(pages) >= 8
    assert all(word in pages[0] for word in words)
    start = next(i for i, page in enumerate(pages) if labels["annex_iv"] in page)
    # Table cells wrap long names; a line break there is a space.
    annex = " ".join(" ".join(pages[start:]).split())
    missing = [name for name in DEMO_SUBPROCESSORS if name not in annex]
    assert missing == []
    assert not any(labels["draft"] in page for page in pages)


def test_render_marks_every_page_of_a_draft(demo: None, tmp_path: Path) -> None:
    out = tmp_path / "draft.pdf"

    call_command(
        "render", "--version", "1.0", "--lang", "de", "--draft", "-o", str(out)
    )

    pages = page_texts(out.read_bytes())
    assert all(GERMAN["draft"] in page for page in pages)


def test_the_command_line_refuses_an_unknown_language_in_one_line_with_exit_2(
    tmp_path: Path,
) -> None:
    command = Path(sys.executable).parent / "dpaportal"
    environment = {
        **os.environ,
        "DPAPORTAL_DATA_DIR": str(tmp_path),
        "DPAPORTAL_SECRET_KEY": "render-test-secret-key-0123456789abcdef",
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)

    finished = subprocess.run(
        [command, "render", "--version", "1.0", "--lang", "fr", "-o", "x.pdf"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        check=False,
    )

    assert finished.returncode == 2
    assert finished.stderr.strip().splitlines() == [
        "CommandError: unknown language 'fr': use en or de"
    ]
    assert not (tmp_path / "x.pdf").exists()
