"""Certificates as pyHanko wants them (asn1crypto) and as people read them."""

from __future__ import annotations

from typing import TypeAlias

from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

Certificate: TypeAlias = "x509.Certificate | asn1_x509.Certificate"
"""A certificate from either library; the public functions take both."""


def as_asn1(certificate: Certificate) -> asn1_x509.Certificate:
    """The certificate as an asn1crypto object, the form pyHanko works with."""
    if isinstance(certificate, x509.Certificate):
        return asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))
    return certificate


def subject_of(certificate: Certificate) -> str:
    """The certificate's subject as RFC 4514 text, e.g. ``CN=Vendor Seal,O=Vendor``."""
    if not isinstance(certificate, x509.Certificate):
        certificate = x509.load_der_x509_certificate(certificate.dump())
    return certificate.subject.rfc4514_string()
