"""The vendor's demo authority and sealer, made once for the sealing tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from dpaportal.sealing.authority import DemoAuthority, create_demo_authority
from dpaportal.sealing.seal import Sealer, load_sealer, seal_pdf
from tests.sealing.pdfs import small_pdf

VENDOR = "Vendor GmbH"


@pytest.fixture(scope="session")
def authority(tmp_path_factory: pytest.TempPathFactory) -> DemoAuthority:
    return create_demo_authority(tmp_path_factory.mktemp("vendor"), VENDOR)


@pytest.fixture(scope="session")
def other_authority(tmp_path_factory: pytest.TempPathFactory) -> DemoAuthority:
    return create_demo_authority(tmp_path_factory.mktemp("other"), "Other Ltd")


@pytest.fixture(scope="session")
def sealer(authority: DemoAuthority) -> Sealer:
    return load_sealer(authority.p12_path, authority.password())


@pytest.fixture(scope="session")
def pdf() -> bytes:
    return small_pdf()


@pytest.fixture(scope="session")
def sealed(pdf: bytes, sealer: Sealer) -> bytes:
    return seal_pdf(
        pdf, sealer, tsa_url=None, reason="Seal of Vendor GmbH", location="Berlin"
    ).pdf


def write(directory: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to a file for a command-line validator and return its path."""
    path = directory / name
    path.write_bytes(data)
    return path
