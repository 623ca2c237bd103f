import stat

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes

from dpaportal.sealing.authority import create_demo_authority
from dpaportal.sealing.errors import SealingError


def _fingerprints(authority) -> tuple[bytes, bytes]:
    return (
        authority.ca_certificate.fingerprint(hashes.SHA256()),
        authority.seal_certificate.fingerprint(hashes.SHA256()),
    )


def test_the_demo_authority_is_created_once_and_reused(tmp_path):
    first = create_demo_authority(tmp_path, "Vendor GmbH")
    files = {path.name: path.read_bytes() for path in tmp_path.iterdir()}

    second = create_demo_authority(tmp_path, "Vendor GmbH")

    assert (first.created, second.created) == (True, False)
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == files
    assert _fingerprints(second) == _fingerprints(first)
    assert {"seal.p12", "seal.password", "ca.pem"} <= set(files)


def test_the_key_and_its_password_are_readable_by_the_owner_only(authority):
    for path in (authority.p12_path, authority.password_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_seal_certificate_names_the_vendor_and_is_issued_by_the_ca(authority):
    seal, ca = authority.seal_certificate, authority.ca_certificate

    assert seal.subject.rfc4514_string() == "CN=Vendor GmbH Seal,O=Vendor GmbH"
    assert seal.issuer == ca.subject
    seal.verify_directly_issued_by(ca)
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_the_seal_certificate_may_sign_documents_and_nothing_else(authority):
    usage = authority.seal_certificate.extensions.get_extension_for_class(x509.KeyUsage)

    assert usage.critical
    assert usage.value.digital_signature and usage.value.content_commitment
    assert not usage.value.key_cert_sign
    assert not authority.seal_certificate.extensions.get_extension_for_class(
        x509.BasicConstraints
    ).value.ca


def test_the_seal_is_valid_for_three_years_and_the_ca_for_ten(authority):
    def years(certificate: x509.Certificate) -> float:
        span = certificate.not_valid_after_utc - certificate.not_valid_before_utc
        return span.days / 365.25

    assert round(years(authority.seal_certificate)) == 3
    assert round(years(authority.ca_certificate)) == 10


def test_an_incomplete_authority_is_not_silently_replaced(tmp_path):
    authority = create_demo_authority(tmp_path, "Vendor GmbH")
    authority.ca_path.unlink()

    with pytest.raises(SealingError, match=r"lacks ca\.pem"):
        create_demo_authority(tmp_path, "Vendor GmbH")
    assert authority.p12_path.exists()


def test_an_authority_needs_an_organisation_name(tmp_path):
    with pytest.raises(SealingError, match="organisation name"):
        create_demo_authority(tmp_path, "  ")
