from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from django.core.management import call_command
from django.core.management.base import CommandError
from pytest_django.fixtures import Settings as SettingsWrapper

from dpaportal.accounts.models import User
from dpaportal.agreements.files import read_pdf
from dpaportal.agreements.models import AgreementSettings, SignedAgreement
from dpaportal.agreements.seal_keys import current_sealer, demo_authority
from dpaportal.documents.pdf import render_pdf
from dpaportal.sealing.seal import seal_pdf
from tests.agreements.conftest import (
    read_to_the_end,
    shown_fingerprint,
    signer_client,
    submit_signature,
)
from tests.sealing.tsa import local_time_stamp_authority

pytestmark = pytest.mark.django_db


def sign_as(user: User) -> SignedAgreement:
    client = signer_client(user)
    fingerprint = shown_fingerprint(client)
    read_to_the_end(client, fingerprint)
    assert submit_signature(client, fingerprint).status_code == 302
    return SignedAgreement.objects.get(fingerprint=fingerprint)


@pytest.fixture
def signed_file(tmp_path: Path, bob: User, dpa_settings: AgreementSettings) -> Path:
    path = tmp_path / "signed.pdf"
    path.write_bytes(read_pdf(sign_as(bob).pdf_name))
    return path


def verify(path: Path) -> int:
    try:
        call_command("verify", str(path))
    except CommandError as error:
        return error.returncode
    return 0


def test_verify_accepts_the_signed_dpa_and_prints_who_signed_what(
    signed_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("verify", str(signed_file))

    agreement = SignedAgreement.objects.get()
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"valid: a signed DPA issued by this portal ({signed_file})"
    assert lines[1:7] == [
        "organisation:  Muster GmbH",
        "version:       1.0",
        "language:      en",
        f"document:      {agreement.document_identifier}",
        "signer:        Bob Member <bob@muster.example>",
        f"signed at:     {agreement.signed_at.isoformat()}",
    ]
    assert re.fullmatch(r"sealed at:     \d{4}-\d\d-\d\dT[\d:]+\+00:00", lines[7])
    assert lines[8] == "seal level:    PAdES B-B"
    assert lines[9].startswith("sealed by:     ")
    assert "Seal" in lines[9]


def test_verify_rejects_a_file_with_one_changed_byte(
    signed_file: Path, tmp_path: Path
) -> None:
    data = bytearray(signed_file.read_bytes())
    position = data.index(b"/Contents", len(data) // 4)
    data[position + 1] = ord("X")
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(data))

    with pytest.raises(CommandError, match=r"changed|damaged|broken") as failure:
        call_command("verify", str(changed))
    assert failure.value.returncode == 1


def changed_copy(signed_file: Path, position: int, value: int) -> Path:
    data = bytearray(signed_file.read_bytes())
    assert data[position] != value
    data[position] = value
    changed = signed_file.with_name("changed.pdf")
    changed.write_bytes(bytes(data))
    return changed


def refusal_of(path: Path) -> str:
    """The reason ``verify`` gives for refusing ``path``; it must exit with 1."""
    with pytest.raises(CommandError) as failure:
        call_command("verify", str(path))
    assert failure.value.returncode == 1
    return str(failure.value)


def test_verify_rejects_a_file_with_one_byte_of_a_pages_content_changed(
    signed_file: Path,
) -> None:
    data = signed_file.read_bytes()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        number, generation = pdf.pages[0].obj["/Contents"].objgen
    start = re.search(rb"\n%d %d obj.*?stream\r?\n" % (number, generation), data, re.S)
    assert start
    # Inside the first page's content stream, well within the signed byte range.
    position = start.end() + 20

    reason = refusal_of(changed_copy(signed_file, position, data[position] ^ 0x01))

    assert "the file was changed after sealing" in reason
    assert "no record" not in reason


def test_verify_rejects_a_file_whose_copy_of_the_seal_certificate_was_changed(
    signed_file: Path,
) -> None:
    data = signed_file.read_bytes()
    certificate = current_sealer().signer.signing_cert.dump().hex().upper()
    # The seal's value in /Contents carries the certificate, hex-encoded.
    position = data.index(certificate.encode()) + len(certificate) // 2
    value = ord("0") if data[position] != ord("0") else ord("1")

    reason = refusal_of(changed_copy(signed_file, position, value))

    assert "the seal is broken" in reason
    assert "no record" not in reason


def test_a_file_changed_outside_the_seal_differs_from_the_file_issued(
    signed_file: Path,
) -> None:
    data = signed_file.read_bytes()
    # The zero padding after the seal's value is the one part of the file the
    # seal does not cover; the seal stays valid, but the file is not the one
    # the portal stored.
    position = data.index(b">", data.rindex(b"/Contents <")) - 5
    identifier = SignedAgreement.objects.get().document_identifier

    reason = refusal_of(changed_copy(signed_file, position, ord("1")))

    assert f"the file differs from the file this portal issued as {identifier}" in (
        reason
    )


def test_verify_rejects_an_unsealed_copy_of_the_document(
    signed_file: Path, tmp_path: Path
) -> None:
    agreement = SignedAgreement.objects.get()
    unsealed = tmp_path / "unsealed.pdf"
    unsealed.write_bytes(render_pdf(agreement.snapshot))

    with pytest.raises(CommandError, match="no seal") as failure:
        call_command("verify", str(unsealed))
    assert failure.value.returncode == 1


def test_verify_rejects_a_validly_sealed_file_this_portal_did_not_issue(
    signed_file: Path, tmp_path: Path
) -> None:
    agreement = SignedAgreement.objects.get()
    foreign = tmp_path / "foreign.pdf"
    sealed = seal_pdf(
        render_pdf(agreement.snapshot),
        current_sealer(),
        tsa_url=None,
        reason="x",
        location="y",
    )
    foreign.write_bytes(sealed.pdf)

    with pytest.raises(CommandError, match="no record of issuing") as failure:
        call_command("verify", str(foreign))
    assert failure.value.returncode == 1


def test_verify_answers_2_for_a_file_that_is_not_a_pdf(
    tmp_path: Path, db: None
) -> None:
    text = tmp_path / "notes.pdf"
    text.write_bytes(b"MZ\x90\x00 this is an executable, not a PDF")

    assert verify(text) == 2
    assert verify(tmp_path / "missing.pdf") == 2


def test_poppler_pdfsig_finds_the_signed_dpa_valid_and_trusted(
    signed_file: Path, tmp_path: Path
) -> None:
    authority = demo_authority()
    assert authority is not None
    nss = tmp_path / "nss"
    nss.mkdir()
    certutil = ["certutil", "-d", f"sql:{nss}"]
    subprocess.run([*certutil, "-N", "--empty-password"], check=True)
    subprocess.run(
        [*certutil, "-A", "-n", "demo", "-t", "CT,C,C", "-i", str(authority.ca_path)],
        check=True,
    )

    result = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss}", str(signed_file)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert "Signature Validation: Signature is Valid." in result.stdout
    assert "Certificate Validation: Certificate is Trusted." in result.stdout
    assert "Total document signed" in result.stdout


def test_with_a_time_stamp_authority_the_seal_reaches_b_t(
    bob: User,
    dpa_settings: AgreementSettings,
    settings: SettingsWrapper,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with local_time_stamp_authority() as tsa:
        root = tmp_path / "tsa-root.pem"
        root.write_bytes(tsa.root.public_bytes(Encoding.PEM))
        settings.TSA_URL = tsa.url
        settings.SEAL_TRUST_ROOTS = [root]
        agreement = sign_as(bob)

    assert agreement.seal_level == "B-T"
    assert len(tsa.issued) == 1
    path = tmp_path / "signed-bt.pdf"
    path.write_bytes(read_pdf(agreement.pdf_name))
    call_command("verify", str(path))
    assert "seal level:    PAdES B-T" in capsys.readouterr().out


def test_an_unreachable_time_stamp_authority_signs_nothing(
    bob: User, dpa_settings: AgreementSettings, settings: SettingsWrapper
) -> None:
    settings.TSA_URL = "http://127.0.0.1:9/"
    client = signer_client(bob)
    fingerprint = shown_fingerprint(client)
    read_to_the_end(client, fingerprint)

    response = submit_signature(client, fingerprint)

    assert response.status_code == 503
    assert not SignedAgreement.objects.exists()
