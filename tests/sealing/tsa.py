"""A local RFC 3161 time-stamp authority on 127.0.0.1 for the B-T tests.

pyHanko's DummyTimeStamper builds and signs the tokens; this module only
puts it behind HTTP, so that the seal goes through the real HTTP client.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps import DummyTimeStamper


@dataclass
class LocalTimeStampAuthority:
    """The authority's URL, its root certificate and the times it vouched for."""

    url: str
    root: x509.Certificate
    issued: list[datetime] = field(default_factory=list)


@contextmanager
def local_time_stamp_authority() -> Iterator[LocalTimeStampAuthority]:
    """Serve time stamps on a free port of 127.0.0.1 while the block runs."""
    root, stamper = _stamper()
    server = _Server(stamper)
    authority = server.authority = LocalTimeStampAuthority(
        url=f"http://127.0.0.1:{server.server_address[1]}/", root=root
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield authority
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _Server(ThreadingHTTPServer):
    authority: LocalTimeStampAuthority

    def __init__(self, stamper: DummyTimeStamper) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.stamper = stamper
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        request = tsp.TimeStampReq.load(
            self.rfile.read(int(self.headers["Content-Length"]))
        )
        # Whole seconds, so that the test can compare the time it reads back.
        now = datetime.now(UTC).replace(microsecond=0)
        with self.server.lock:
            self.server.stamper.fixed_dt = now
            self.server.authority.issued.append(now)
            body = self.server.stamper.request_tsa_response(request).dump()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _stamper() -> tuple[x509.Certificate, DummyTimeStamper]:
    # RSA because DummyTimeStamper signs with RSA only.
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = _name("Test Time-Stamp Root")
    root = (
        _builder(root_name, root_name, root_key.public_key())
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    tsa = (
        _builder(_name("Test Time-Stamp Unit"), root_name, tsa_key.public_key())
        # RFC 3161 2.3: the one extended key usage of a TSA, and critical.
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
        .sign(root_key, hashes.SHA256())
    )
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(
            tsa.public_bytes(serialization.Encoding.DER)
        ),
        tsa_key=keys.PrivateKeyInfo.load(
            tsa_key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
    )
    return root, stamper


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _builder(
    subject: x509.Name, issuer: x509.Name, public_key: rsa.RSAPublicKey
) -> x509.CertificateBuilder:
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
    )
