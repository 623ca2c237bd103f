"""A trust service provider of the tests' own, as production would buy one.

Unlike the demo authority, the seal certificate is issued by an intermediate
CA, and the PKCS#12 file carries that intermediate: a seal validates only if
the chain in the file reaches the configured root.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    pkcs12,
)
from cryptography.x509.oid import NameOID


@dataclass(frozen=True)
class SealFiles:
    p12_path: Path
    password: str
    root_path: Path
    """PEM of the provider's root, for ``SEAL_TRUST_ROOTS``."""
    seal_subject: str
    """The seal certificate's subject as RFC 4514 text."""


def issue_seal_file(directory: Path, organisation: str, password: str) -> SealFiles:
    """Write a password-protected seal file and the root it chains to."""
    now = datetime.now(UTC) - timedelta(minutes=5)
    root_key, issuing_key, seal_key = (_key() for _ in range(3))
    root_name = _name("Test Trust Services", "Test Trust Services Root CA")
    issuing_name = _name("Test Trust Services", "Test Trust Services Seal CA")
    seal_name = _name(organisation, f"{organisation} Electronic Seal")

    root = _certificate(root_name, root_name, root_key, root_key, now, ca=True)
    issuing = _certificate(issuing_name, root_name, issuing_key, root_key, now, ca=True)
    seal = _certificate(seal_name, issuing_name, seal_key, issuing_key, now, ca=False)

    p12_path = directory / "production-seal.p12"
    p12_path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            name=b"seal",
            key=seal_key,
            cert=seal,
            cas=[issuing],
            encryption_algorithm=BestAvailableEncryption(password.encode()),
        )
    )
    root_path = directory / "provider-root.pem"
    root_path.write_bytes(root.public_bytes(Encoding.PEM))
    return SealFiles(p12_path, password, root_path, seal.subject.rfc4514_string())


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(organisation: str, common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "DE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(
    subject: x509.Name,
    issuer: x509.Name,
    key: rsa.RSAPrivateKey,
    issuer_key: rsa.RSAPrivateKey,
    not_before: datetime,
    *,
    ca: bool,
) -> x509.Certificate:
    usage = {
        "digital_signature": not ca,
        "content_commitment": not ca,
        "key_encipherment": False,
        "data_encipherment": False,
        "key_agreement": False,
        "key_cert_sign": ca,
        "crl_sign": ca,
        "encipher_only": False,
        "decipher_only": False,
    }
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_before + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(**usage), critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
        .sign(issuer_key, hashes.SHA256())
    )
