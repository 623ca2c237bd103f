"""Logins and failed logins go to the audit log."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver
from django.http import HttpRequest

from dpaportal.accounts.models import User, normalise_email
from dpaportal.audit.events import EventType
from dpaportal.audit.services import record_event
from dpaportal.network import client_ip


@receiver(user_logged_in)
def record_login(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    # The signature evidence states how the signer was authenticated, as a code
    # that the evidence page prints in the document's language.
    request.session["dpaportal_login_method"] = "password"
    record_event(EventType.LOGIN, actor=user, details={"ip": client_ip(request)})


@receiver(user_logged_out)
def record_logout(
    sender: Any, request: HttpRequest, user: User | None, **kwargs: Any
) -> None:
    if user is not None:
        record_event(EventType.LOGOUT, actor=user)


@receiver(user_login_failed)
def record_failed_login(
    sender: Any,
    credentials: dict[str, Any],
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    # The attempted address is kept only as a hash: enough to see repeated
    # attempts on one account, without storing addresses people mistyped.
    attempted = normalise_email(str(credentials.get("username", "")))
    record_event(
        EventType.LOGIN_FAILED,
        details={
            "username_sha256": hashlib.sha256(attempted.encode()).hexdigest(),
            "ip": client_ip(request) if request is not None else None,
        },
    )
