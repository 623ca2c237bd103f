"""Which seal key and trust roots this installation uses."""

from __future__ import annotations

from cryptography import x509
from django.conf import settings

from dpaportal.processor.models import ProcessorDetails
from dpaportal.sealing.authority import DemoAuthority, create_demo_authority
from dpaportal.sealing.errors import SealingError
from dpaportal.sealing.seal import Sealer, load_sealer


def demo_authority() -> DemoAuthority | None:
    if settings.SEAL_P12 is not None or not settings.SEAL_ALLOW_DEMO_AUTHORITY:
        return None
    details = ProcessorDetails.current()
    name = details.legal_name if details else "DPA Portal"
    return create_demo_authority(settings.SEAL_DEMO_DIR, name)


def current_sealer() -> Sealer:
    """The configured seal; the key itself is cached by ``load_sealer``."""
    if settings.SEAL_P12 is not None:
        return load_sealer(settings.SEAL_P12, settings.SEAL_PASSWORD)
    authority = demo_authority()
    if authority is None:
        raise SealingError("No seal certificate is configured (DPAPORTAL_SEAL_P12).")
    return load_sealer(authority.p12_path, authority.password())


def trust_roots() -> list[x509.Certificate]:
    """The certificate authorities a valid seal must chain to."""
    roots = [
        certificate
        for path in settings.SEAL_TRUST_ROOTS
        for certificate in x509.load_pem_x509_certificates(path.read_bytes())
    ]
    authority = demo_authority()
    if authority is not None:
        roots.append(authority.ca_certificate)
    return roots
