"""A demo certificate authority that issues the vendor's seal certificate.

A production installation seals with a certificate from a trust service
provider. The demo authority lets a fresh installation seal from its first
day, and lets tests build chains of trust of their own. Its root key is
thrown away once the seal certificate is issued, so that nobody can later
issue another certificate in its name.
"""

from __future__ import annotations

import fcntl
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from dpaportal.sealing.errors import SealingError

P12_NAME = "seal.p12"
PASSWORD_NAME = "seal.password"  # noqa: S105 (a file name)
CA_NAME = "ca.pem"

CA_VALIDITY = timedelta(days=3652)
SEAL_VALIDITY = timedelta(days=1096)
BACKDATING = timedelta(minutes=5)
"""Certificates start a little in the past so that a slow clock elsewhere
does not see them as not yet valid."""


@dataclass(frozen=True)
class DemoAuthority:
    """The files of a demo authority and the certificates they hold."""

    p12_path: Path
    password_path: Path
    ca_path: Path
    ca_certificate: x509.Certificate
    seal_certificate: x509.Certificate
    created: bool
    """True when this call made the files, false when they were there already."""

    def password(self) -> str:
        """The password of the PKCS#12 file."""
        return self.password_path.read_text().strip()


def create_demo_authority(directory: Path, organisation_name: str) -> DemoAuthority:
    """Create the demo authority's files in ``directory`` unless they exist."""
    if not organisation_name.strip():
        raise SealingError("The demo authority needs the vendor's organisation name.")
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / name for name in (P12_NAME, PASSWORD_NAME, CA_NAME)]

    with _lock(directory):
        missing = [path.name for path in paths if not path.exists()]
        if not missing:
            return _read(directory, created=False)
        if len(missing) < len(paths):
            # Replacing half of a set would orphan documents sealed with the
            # old key; a person must decide what to keep.
            raise SealingError(
                f"The demo authority in {directory} lacks {', '.join(missing)}; "
                "restore it, or remove the other files to create a new one."
            )
        _write_new_authority(directory, organisation_name.strip())
        return _read(directory, created=True)


@contextmanager
def _lock(directory: Path) -> Iterator[None]:
    # Several web workers may start at once; only one may create the files.
    with open(directory / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_new_authority(directory: Path, organisation: str) -> None:
    now = datetime.now(UTC) - BACKDATING
    ca_key = _new_key()
    ca_name = _name(organisation, f"{organisation} Demo Root CA")
    ca_certificate = (
        _builder(ca_name, ca_name, ca_key.public_key(), now, now + CA_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    seal_key = _new_key()
    seal_certificate = (
        _builder(
            _name(organisation, f"{organisation} Seal"),
            ca_name,
            seal_key.public_key(),
            now,
            now + SEAL_VALIDITY,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        # ETSI EN 319 412-2 (and -3 for seals) asks for non-repudiation in a
        # certificate that signs content; digital signature stays beside it
        # for validators that look for it. No extended key usage, which some
        # validators read as the list of the only purposes allowed.
        .add_extension(
            _key_usage(digital_signature=True, content_commitment=True),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    password = secrets.token_urlsafe(32)
    p12 = pkcs12.serialize_key_and_certificates(
        name=b"seal",
        key=seal_key,
        cert=seal_certificate,
        cas=[ca_certificate],
        encryption_algorithm=serialization.BestAvailableEncryption(password.encode()),
    )
    _write(directory / P12_NAME, p12, 0o600)
    _write(directory / PASSWORD_NAME, password.encode() + b"\n", 0o600)
    _write(
        directory / CA_NAME,
        ca_certificate.public_bytes(serialization.Encoding.PEM),
        0o644,
    )


def _new_key() -> rsa.RSAPrivateKey:
    # RSA rather than P-256: pyHanko marks a document sealed with ECDSA as
    # PDF 2.0 (ISO/TS 32002), which a PDF/A-2 document, built on PDF 1.7,
    # should not claim. With the key parsed once, both seal equally fast.
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(organisation: str, common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _builder(
    subject: x509.Name,
    issuer: x509.Name,
    public_key: rsa.RSAPublicKey,
    not_before: datetime,
    not_after: datetime,
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False
        )
    )


def _key_usage(**granted: bool) -> x509.KeyUsage:
    usages = {
        "digital_signature": False,
        "content_commitment": False,
        "key_encipherment": False,
        "data_encipherment": False,
        "key_agreement": False,
        "key_cert_sign": False,
        "crl_sign": False,
        "encipher_only": False,
        "decipher_only": False,
    }
    return x509.KeyUsage(**(usages | granted))


def _write(path: Path, data: bytes, mode: int) -> None:
    # Written beside and renamed, so that a crash leaves no half-written file
    # and the password is never readable by others, not even for a moment.
    partial = path.with_name(f".{path.name}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(descriptor, "wb") as handle:
        os.fchmod(handle.fileno(), mode)
        handle.write(data)
    os.replace(partial, path)


def _read(directory: Path, *, created: bool) -> DemoAuthority:
    p12_path = directory / P12_NAME
    password_path = directory / PASSWORD_NAME
    ca_path = directory / CA_NAME
    try:
        bundle = pkcs12.load_pkcs12(
            p12_path.read_bytes(), password_path.read_text().strip().encode()
        )
        ca_certificate = x509.load_pem_x509_certificate(ca_path.read_bytes())
    except (OSError, ValueError) as error:
        raise SealingError(
            f"The demo authority in {directory} cannot be read: {error}"
        ) from error
    if bundle.cert is None:
        raise SealingError(f"{p12_path} holds no seal certificate.")
    return DemoAuthority(
        p12_path=p12_path,
        password_path=password_path,
        ca_path=ca_path,
        ca_certificate=ca_certificate,
        seal_certificate=bundle.cert.certificate,
        created=created,
    )
