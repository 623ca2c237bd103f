"""How django-axes tells one login attempt's account and address apart.

Both must match what the login itself uses: the address it looks up
lower-cased, and the client behind the trusted proxies. Otherwise a guesser
gets fresh attempts with every change of capitals, and everyone behind a
proxy shares one counter.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dpaportal.accounts.models import normalise_email
from dpaportal.network import client_ip


def attempted_account(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The account a login attempt is for, as the login looks it up."""
    if credentials:
        typed = credentials.get("username")
    else:
        typed = getattr(request, "POST", {}).get("username")
    return normalise_email(str(typed or ""))


def attempting_address(request: HttpRequest) -> str:
    """The client's address, believing X-Forwarded-For from trusted proxies."""
    return client_ip(request)
