"""Poppler's pdfsig, an NSS-based validator, as an independent second opinion."""

import shutil
import subprocess

import pytest

from dpaportal.documents.pdf import render_pdf
from dpaportal.sealing.seal import seal_pdf
from tests.documents.fixtures import snapshot
from tests.sealing.conftest import write
from tests.sealing.pdfs import TEXT

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdfsig") and shutil.which("certutil")),
    reason="needs pdfsig (Debian poppler-utils) and certutil (libnss3-tools)",
)

VALID = "Signature Validation: Signature is Valid."
TRUSTED = "Certificate Validation: Certificate is Trusted."


@pytest.fixture(scope="module")
def nss_directory(tmp_path_factory, authority):
    """An NSS database that trusts the demo authority, as a reader's would."""
    directory = tmp_path_factory.mktemp("nss")
    certutil = ["certutil", "-d", f"sql:{directory}"]
    subprocess.run([*certutil, "-N", "--empty-password"], check=True)
    subprocess.run(
        [*certutil, "-A", "-n", "demo", "-t", "CT,C,C", "-i", authority.ca_path],
        check=True,
    )
    return directory


def _pdfsig(path, nss_directory) -> str:
    result = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss_directory}", path],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout + result.stderr


def test_pdfsig_finds_a_sealed_dpa_valid_and_trusted(tmp_path, sealer, nss_directory):
    sealed = seal_pdf(
        render_pdf(snapshot()), sealer, tsa_url=None, reason="Seal", location="Berlin"
    )

    output = _pdfsig(write(tmp_path, "sealed.pdf", sealed.pdf), nss_directory)

    assert VALID in output
    assert TRUSTED in output
    assert "Signer Certificate Common Name: Vendor GmbH Seal" in output
    assert "Total document signed" in output


def test_pdfsig_finds_a_changed_file_invalid(tmp_path, sealed, nss_directory):
    tampered = sealed.replace(TEXT.encode(), TEXT.replace("A", "B").encode())

    output = _pdfsig(write(tmp_path, "tampered.pdf", tampered), nss_directory)

    assert "Signature Validation: Digest Mismatch." in output
    assert VALID not in output


def test_pdfsig_does_not_trust_the_seal_without_the_demo_authority(
    tmp_path, sealed, tmp_path_factory
):
    empty = tmp_path_factory.mktemp("empty-nss")
    subprocess.run(
        ["certutil", "-d", f"sql:{empty}", "-N", "--empty-password"], check=True
    )

    output = _pdfsig(write(tmp_path, "sealed.pdf", sealed), empty)

    assert VALID in output
    assert TRUSTED not in output
