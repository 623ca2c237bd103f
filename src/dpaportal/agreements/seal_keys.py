"""Which seal key and trust roots this installation uses."""

from __future__ import annotations

import functools
from pathlib import Path

from cryptography import x509
from django.conf import settings

from dpaportal.processor.models import ProcessorDetails
from dpaportal.sealing.authority import DemoAuthority, create_demo_authority
from dpaportal.sealing.errors import SealingError
from dpaportal.sealing.seal import Sealer, load_sealer


class SealNotConfigured(SealingError):
    """The installation has no usable seal; the message names the variables."""


def demo_authority() -> DemoAuthority | None:
    if settings.SEAL_P12 is not None or not settings.SEAL_ALLOW_DEMO_AUTHORITY:
        return None
    return _demo_authority(settings.SEAL_DEMO_DIR)


@functools.cache
def _demo_authority(directory: Path) -> DemoAuthority:
    # Reading the authority's files costs tens of milliseconds; they never
    # change once made, so each process reads them once.
    details = ProcessorDetails.current()
    name = details.legal_name if details else "DPA Portal"
    return create_demo_authority(directory, name)


def current_sealer() -> Sealer:
    """The configured seal; the key itself is cached by ``load_sealer``."""
    if settings.SEAL_P12 is not None:
        try:
            return load_sealer(settings.SEAL_P12, settings.SEAL_PASSWORD)
        except SealingError as error:
            # The operator reads this in the log and must know which setting
            # to correct; the pure sealing code knows no variable names.
            raise SealNotConfigured(
                f"{error} Check DPAPORTAL_SEAL_P12 and DPAPORTAL_SEAL_PASSWORD."
            ) from error
    authority = demo_authority()
    if authority is None:
        raise SealNotConfigured(
            "No seal certificate is configured: set DPAPORTAL_SEAL_P12 (and "
            "DPAPORTAL_SEAL_PASSWORD), or run the demo, which makes its own."
        )
    return load_sealer(authority.p12_path, authority.password())


def trust_roots() -> list[x509.Certificate]:
    """The certificate authorities a valid seal must chain to."""
    roots = list(_configured_roots(tuple(settings.SEAL_TRUST_ROOTS)))
    authority = demo_authority()
    if authority is not None:
        roots.append(authority.ca_certificate)
    return roots


@functools.cache
def _configured_roots(paths: tuple[Path, ...]) -> tuple[x509.Certificate, ...]:
    return tuple(
        certificate
        for path in paths
        for certificate in x509.load_pem_x509_certificates(path.read_bytes())
    )
