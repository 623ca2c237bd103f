"""The client's address, trusting X-Forwarded-For only from configured proxies."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """Walk X-Forwarded-For from the right while the hops are trusted proxies."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = [
        hop.strip()
        for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if hop.strip()
    ]
    candidate = remote
    for hop in [remote, *reversed(hops)]:
        candidate = hop
        if not is_trusted_proxy(hop):
            break
    return candidate


def is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXIES)
