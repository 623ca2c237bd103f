"""Seal a PDF with the vendor's certificate: a PAdES signature, ETSI EN 319 142-1.

The seal is appended as an incremental update, so the bytes of the document
as rendered, PDF/A claims included, stay exactly as they were. With a
time-stamp authority the seal reaches the B-T level; without one it is B-B,
and it says so: a seal is never made weaker than asked for without a word.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from asn1crypto import keys  # type: ignore[import-untyped]
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    pkcs12,
)
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from dpaportal.sealing.certificates import as_asn1, subject_of
from dpaportal.sealing.errors import SealingError

LEVEL_B_B = "B-B"
LEVEL_B_T = "B-T"

FIELD_NAME = "Seal"
DIGEST = "sha256"
TSA_TIMEOUT_SECONDS = 10

SealKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

CMS_OVERHEAD = 2 * 1024
"""Bytes of a seal's container beside its certificates: attributes, signature."""

TIME_STAMP_ROOM = 8 * 1024
"""Bytes kept for a time-stamp token with its authority's chain (typically 2-6)."""


@dataclass(frozen=True)
class Sealer:
    """The seal key with its certificate chain, loaded once per process."""

    signer: signers.SimpleSigner
    subject: str
    """The seal certificate's subject, as RFC 4514 text."""
    not_before: datetime
    not_after: datetime
    chain_size: int
    """DER bytes of the seal certificate and its chain, all embedded in a seal."""


@dataclass(frozen=True)
class SealedPdf:
    """A sealed PDF and what was made of it."""

    pdf: bytes
    level: str
    """``B-B``, or ``B-T`` when a time-stamp authority vouched for the time."""
    sha256: str
    """Hex SHA-256 of the sealed bytes, for the evidence record."""


def load_sealer(p12_path: Path | str, password: str) -> Sealer:
    """The sealer of a PKCS#12 file, read once for each version of the file."""
    path = Path(p12_path).resolve()
    try:
        modified = path.stat().st_mtime_ns
    except OSError as error:
        raise SealingError(
            f"The seal file {path} cannot be read: {error.strerror}."
        ) from error
    return _load_sealer(path, modified, password)


@functools.lru_cache(maxsize=4)
def _load_sealer(path: Path, modified: int, password: str) -> Sealer:
    # ``modified`` is part of the cache key only: a replaced file is read anew.
    try:
        bundle = pkcs12.load_pkcs12(path.read_bytes(), password.encode())
    except OSError as error:
        raise SealingError(
            f"The seal file {path} cannot be read: {error.strerror}."
        ) from error
    except ValueError as error:
        raise SealingError(
            f"The seal file {path} cannot be opened: the password is wrong "
            "or the file is not a PKCS#12 file."
        ) from error
    if bundle.cert is None or not isinstance(bundle.key, SealKey):
        raise SealingError(
            f"The seal file {path} must hold an RSA or ECDSA key and its certificate."
        )
    certificate = bundle.cert.certificate
    chain = [certificate, *(extra.certificate for extra in bundle.additional_certs)]
    return Sealer(
        signer=_SealSigner(bundle.key, certificate, chain[1:]),
        subject=subject_of(certificate),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        chain_size=sum(len(item.public_bytes(Encoding.DER)) for item in chain),
    )


class _SealSigner(signers.SimpleSigner):
    """pyHanko's in-memory signer, with its private key parsed once.

    SimpleSigner parses its key from DER for every signature, and parsing an
    RSA key checks it, which takes longer than all the rest of a seal.
    """

    def __init__(
        self,
        key: SealKey,
        certificate: x509.Certificate,
        chain: Sequence[x509.Certificate],
    ) -> None:
        super().__init__(
            signing_cert=as_asn1(certificate),
            signing_key=keys.PrivateKeyInfo.load(
                key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
            ),
            cert_registry=SimpleCertificateStore.from_certs(
                [as_asn1(extra) for extra in chain]
            ),
        )
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        """Sign ``data`` the way pyHanko's mechanism for the key declares."""
        algorithm = get_pyca_cryptography_hash(digest_algorithm)
        if isinstance(self._key, rsa.RSAPrivateKey):
            return self._key.sign(data, padding.PKCS1v15(), algorithm)
        return self._key.sign(data, ec.ECDSA(algorithm))


def seal_pdf(
    pdf: bytes,
    sealer: Sealer,
    *,
    tsa_url: str | None,
    reason: str,
    location: str,
    signing_time: datetime | None = None,
) -> SealedPdf:
    """Seal ``pdf``: B-T with a time stamp from ``tsa_url``, else B-B."""
    signing_time = signing_time or datetime.now(UTC)
    if not sealer.not_before <= signing_time <= sealer.not_after:
        raise SealingError(
            f"The seal certificate of {sealer.subject} is valid from "
            f"{sealer.not_before:%Y-%m-%d} to {sealer.not_after:%Y-%m-%d}, "
            f"not at {signing_time:%Y-%m-%d %H:%M} UTC."
        )
    level = LEVEL_B_T if tsa_url else LEVEL_B_B
    timestamper = (
        timestamps.HTTPTimeStamper(tsa_url, timeout=TSA_TIMEOUT_SECONDS)
        if tsa_url
        else None
    )
    pdf_signer = signers.PdfSigner(
        signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            md_algorithm=DIGEST,
            # PAdES puts the signing time in the signature dictionary (/M)
            # and binds the certificate by the signing-certificate-v2
            # attribute, as ETSI EN 319 142-1 asks of B-B.
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason,
            location=location,
        ),
        sealer.signer,
        timestamper=timestamper,
    )
    try:
        sealed = asyncio.run(_sign(pdf, pdf_signer, signing_time, _room(sealer, level)))
    except timestamps.TimestampRequestError as error:
        raise SealingError(
            f"The time-stamp authority at {tsa_url} did not answer, so the "
            "document was not sealed."
        ) from error
    except (PdfError, SigningError, ValueError) as error:
        raise SealingError(f"The PDF cannot be sealed: {error}") from error
    return SealedPdf(pdf=sealed, level=level, sha256=hashlib.sha256(sealed).hexdigest())


def _room(sealer: Sealer, level: str) -> int:
    # The room for the container is fixed rather than estimated: pyHanko
    # estimates by signing twice, which would ask the time-stamp authority
    # twice for every seal. It is also kept tight, as validators read the
    # container's hex digits one by one, unused ones included. pyHanko counts
    # the room in hex digits, two for each byte.
    size = sealer.chain_size + CMS_OVERHEAD
    if level == LEVEL_B_T:
        size += TIME_STAMP_ROOM
    return 2 * size


async def _sign(
    pdf: bytes,
    pdf_signer: signers.PdfSigner,
    signing_time: datetime,
    reserved_bytes: int,
) -> bytes:
    # The steps of PdfSigner.async_sign_pdf, which reads the clock itself;
    # here the caller's signing time goes into /M, the same instant the
    # evidence records.
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    session = pdf_signer.init_signing_session(writer)
    session.system_time = signing_time
    validation_info = await session.perform_presign_validation(writer)
    document = session.prepare_tbs_document(
        validation_info=validation_info, bytes_reserved=reserved_bytes
    )
    output = io.BytesIO()
    digest, _ = document.digest_tbs_document(output=output)
    signed = await document.perform_signature(
        document_digest=digest.document_digest,
        pdf_cms_signed_attrs=PdfCMSSignedAttributes(signing_time=signing_time),
    )
    await signed.post_signature_processing(output)
    return output.getvalue()
