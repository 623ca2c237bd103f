import hashlib
import io
import os
from datetime import UTC, datetime, timedelta

import pikepdf
import pytest

from dpaportal.documents.pdf import render_pdf
from dpaportal.sealing.errors import SealingError
from dpaportal.sealing.seal import load_sealer, seal_pdf
from dpaportal.sealing.verify import validate_seal
from tests.documents.fixtures import snapshot


def _seal(pdf, sealer, **changes):
    arguments = {"tsa_url": None, "reason": "Seal", "location": "Berlin"} | changes
    return seal_pdf(pdf, sealer, **arguments)


def test_a_seal_without_time_stamp_authority_is_level_b_b(pdf, sealer):
    sealed = _seal(pdf, sealer)

    assert sealed.level == "B-B"
    assert sealed.sha256 == hashlib.sha256(sealed.pdf).hexdigest()


def test_the_seal_is_an_incremental_update_that_keeps_every_original_byte(pdf, sealer):
    sealed = _seal(pdf, sealer)

    assert sealed.pdf.startswith(pdf)
    assert b"/SubFilter /ETSI.CAdES.detached" in sealed.pdf[len(pdf) :]


def test_a_sealed_dpa_still_claims_pdf_a_on_pdf_1_7(sealer):
    sealed = _seal(render_pdf(snapshot()), sealer)

    with pikepdf.open(io.BytesIO(sealed.pdf)) as document:
        metadata = document.open_metadata()
        assert metadata.get("pdfaid:part") == "2"
        assert metadata.get("pdfaid:conformance") == "A"
        # PDF/A-2 builds on PDF 1.7; an ECDSA seal would have raised it to 2.0.
        assert document.pdf_version == "1.7"


def test_the_declared_signing_time_goes_into_the_seal(pdf, sealer, authority):
    moment = sealer.not_before + timedelta(minutes=1)

    sealed = _seal(pdf, sealer, signing_time=moment)

    report = validate_seal(sealed.pdf, [authority.ca_certificate])
    assert report.signing_time == moment


def test_a_seal_outside_the_certificates_validity_is_refused(pdf, sealer):
    with pytest.raises(SealingError, match="valid from"):
        _seal(pdf, sealer, signing_time=datetime(2001, 1, 1, tzinfo=UTC))


def test_bytes_that_are_no_pdf_cannot_be_sealed(sealer):
    with pytest.raises(SealingError, match="cannot be sealed"):
        _seal(b"not a pdf at all", sealer)


def test_the_sealer_is_loaded_once_per_version_of_the_file(authority):
    first = load_sealer(authority.p12_path, authority.password())

    assert load_sealer(str(authority.p12_path), authority.password()) is first
    stat = authority.p12_path.stat()
    os.utime(authority.p12_path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1000))
    assert load_sealer(authority.p12_path, authority.password()) is not first


def test_a_wrong_password_says_so(authority):
    with pytest.raises(SealingError, match="password is wrong"):
        load_sealer(authority.p12_path, "guessed")


def test_a_missing_seal_file_says_which(tmp_path):
    with pytest.raises(SealingError, match=r"seal file .*missing\.p12 cannot be read"):
        load_sealer(tmp_path / "missing.p12", "secret")


def test_a_file_that_is_no_pkcs12_says_so(tmp_path):
    path = tmp_path / "seal.p12"
    path.write_bytes(b"-----BEGIN CERTIFICATE-----")

    with pytest.raises(SealingError, match="not a PKCS#12 file"):
        load_sealer(path, "secret")


def test_the_sealer_knows_the_vendor(sealer):
    assert sealer.subject == "CN=Vendor GmbH Seal,O=Vendor GmbH"


def test_a_sealed_document_is_not_sealed_twice(sealed, sealer):
    with pytest.raises(SealingError, match="filled already"):
        _seal(sealed, sealer)
