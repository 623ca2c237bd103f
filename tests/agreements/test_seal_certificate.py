"""Signing with the production seal: a PKCS#12 file from DPAPORTAL_SEAL_P12."""

from __future__ import annotations

import io
import logging
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client
from pyhanko.pdf_utils.reader import PdfFileReader
from pytest_django.fixtures import Settings as SettingsWrapper

from dpaportal.accounts.models import User
from dpaportal.agreements import seal_keys
from dpaportal.agreements.files import read_pdf
from dpaportal.agreements.models import (
    AgreementSettings,
    SignatureEvidence,
    SignedAgreement,
)
from dpaportal.audit.models import AuditEvent
from dpaportal.sealing import seal
from dpaportal.sealing.certificates import subject_of
from tests.agreements.conftest import (
    read_to_the_end,
    shown_fingerprint,
    signer_client,
    submit_signature,
)
from tests.sealing.provider import SealFiles, issue_seal_file

pytestmark = pytest.mark.django_db

NOT_SET_UP = b"the processor&#x27;s seal is not set up. Nothing was signed"


@pytest.fixture(scope="module")
def seal_files(tmp_path_factory: pytest.TempPathFactory) -> SealFiles:
    directory = tmp_path_factory.mktemp("provider")
    return issue_seal_file(directory, "Deskwise Software GmbH", "k3y-file password")


@pytest.fixture(autouse=True)
def seal_keys_read_anew() -> Iterator[None]:
    # The key and the trust roots are read once per process; these tests
    # change the settings they come from, and must leave no key behind.
    forget_seal_keys()
    yield
    forget_seal_keys()


def forget_seal_keys() -> None:
    seal._load_sealer.cache_clear()
    seal_keys._configured_roots.cache_clear()


@pytest.fixture
def production_seal(settings: SettingsWrapper, seal_files: SealFiles) -> SealFiles:
    configure(settings, seal_files)
    return seal_files


def configure(settings: SettingsWrapper, seal_files: SealFiles) -> None:
    settings.SEAL_P12 = seal_files.p12_path
    settings.SEAL_PASSWORD = seal_files.password
    settings.SEAL_TRUST_ROOTS = [seal_files.root_path]
    settings.SEAL_ALLOW_DEMO_AUTHORITY = False


def read_and_sign(user: User) -> tuple[Client, str, HttpResponse]:
    client = signer_client(user)
    fingerprint = shown_fingerprint(client)
    read_to_the_end(client, fingerprint)
    return client, fingerprint, sign_again(client, fingerprint)


def sign_again(client: Client, fingerprint: str) -> HttpResponse:
    response = submit_signature(client, fingerprint)
    assert isinstance(response, HttpResponse)
    return response


def seal_subject(pdf: bytes) -> str:
    (signature,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    return subject_of(signature.signer_cert)


def assert_nothing_signed() -> None:
    assert not SignedAgreement.objects.exists()
    assert not SignatureEvidence.objects.exists()
    assert not AuditEvent.objects.filter(event_type="dpa.signed").exists()
    assert mail.outbox == []


def test_the_signed_dpa_is_sealed_with_the_configured_certificate_and_verifies(
    bob: User,
    dpa_settings: AgreementSettings,
    production_seal: SealFiles,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, _, response = read_and_sign(bob)

    assert response.status_code == 302
    agreement = SignedAgreement.objects.get()
    pdf = read_pdf(agreement.pdf_name)
    subject = "CN=Deskwise Software GmbH Electronic Seal,O=Deskwise Software GmbH,C=DE"
    assert production_seal.seal_subject == subject
    assert seal_subject(pdf) == subject
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    call_command("verify", str(path))
    output = capsys.readouterr().out
    assert f"sealed by:     {subject}" in output
    assert "signer:        Bob Member <bob@muster.example>" in output


def test_pdfsig_trusts_the_seal_through_the_intermediate_in_the_seal_file(
    bob: User,
    dpa_settings: AgreementSettings,
    production_seal: SealFiles,
    tmp_path: Path,
) -> None:
    read_and_sign(bob)
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(read_pdf(SignedAgreement.objects.get().pdf_name))
    nss = tmp_path / "nss"
    nss.mkdir()
    certutil = ["certutil", "-d", f"sql:{nss}"]
    subprocess.run([*certutil, "-N", "--empty-password"], check=True)
    root = str(production_seal.root_path)
    subprocess.run(
        [*certutil, "-A", "-n", "root", "-t", "CT,C,C", "-i", root], check=True
    )

    result = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss}", str(signed)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert "Signature Validation: Signature is Valid." in result.stdout
    assert "Certificate Validation: Certificate is Trusted." in result.stdout


def test_a_wrong_seal_password_names_the_variable_and_signs_nothing(
    bob: User,
    dpa_settings: AgreementSettings,
    production_seal: SealFiles,
    settings: SettingsWrapper,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings.SEAL_PASSWORD = "not the password"

    with pytest.raises(seal_keys.SealNotConfigured, match="DPAPORTAL_SEAL_PASSWORD"):
        seal_keys.current_sealer()
    with caplog.at_level(logging.ERROR, logger="dpaportal"):
        client, fingerprint, response = read_and_sign(bob)

    assert response.status_code == 503
    assert NOT_SET_UP in response.content
    assert "DPAPORTAL_SEAL_PASSWORD" in caplog.text
    assert_nothing_signed()

    settings.SEAL_PASSWORD = production_seal.password
    assert sign_again(client, fingerprint).status_code == 302
    assert seal_subject(read_pdf(SignedAgreement.objects.get().pdf_name)).startswith(
        "CN=Deskwise Software GmbH Electronic Seal"
    )


def test_without_a_seal_signing_fails_clearly_and_works_once_one_is_configured(
    bob: User,
    dpa_settings: AgreementSettings,
    seal_files: SealFiles,
    settings: SettingsWrapper,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings.SEAL_P12 = None
    settings.SEAL_ALLOW_DEMO_AUTHORITY = False

    with caplog.at_level(logging.ERROR, logger="dpaportal"):
        client, fingerprint, response = read_and_sign(bob)

    assert response.status_code == 503
    assert NOT_SET_UP in response.content
    assert "set DPAPORTAL_SEAL_P12" in caplog.text
    assert_nothing_signed()

    configure(settings, seal_files)
    retried = sign_again(client, fingerprint)

    assert retried.status_code == 302
    agreement = SignedAgreement.objects.get()
    assert seal_subject(read_pdf(agreement.pdf_name)) == seal_files.seal_subject
    assert SignatureEvidence.objects.filter(agreement=agreement).exists()
