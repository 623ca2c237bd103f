"""Sending the portal's e-mails through Django's mail framework."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """Links in e-mails must work outside the request that caused them."""
    return f"{settings.BASE_URL}{path}"


def send_message(
    *,
    kind: str,
    recipients: Sequence[str],
    template: str,
    context: dict[str, object],
    language: str,
) -> None:
    """Render ``mail/<template>.txt`` in ``language`` and send it.

    The first line of the rendered template is the subject.
    """
    with translation.override(language):
        subject, _, body = render_to_string(f"mail/{template}.txt", context).partition(
            "\n"
        )
    send_mail(
        subject.strip(),
        body.lstrip("\n"),
        settings.DEFAULT_FROM_EMAIL,
        list(recipients),
    )
    logger.info("mail.sent", extra={"kind": kind, "recipients": len(recipients)})
