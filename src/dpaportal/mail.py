"""The portal's e-mails: rendered in the recipient's language, sent by a task.

The task is enqueued in the caller's transaction, so an e-mail leaves only
when what it reports was committed; a mail server that does not answer is
tried again later, with growing pauses, by the worker.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Mapping, Sequence
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import TaskContext, task, task_backends
from django_tasks.base import Task

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """Links in e-mails must work outside the request that caused them."""
    return f"{settings.BASE_URL}{path}"


def render_message(
    template: str, language: str, context: dict[str, object]
) -> tuple[str, str]:
    """Subject and body of ``mail/<template>.txt``, whose first line is the subject."""
    with translation.override(language):
        subject, _, body = render_to_string(f"mail/{template}.txt", context).partition(
            "\n"
        )
    return subject.strip(), body.lstrip("\n")


def send_message(
    *,
    kind: str,
    recipients: Sequence[str],
    template: str,
    context: dict[str, object],
    language: str,
) -> None:
    """Render ``mail/<template>.txt`` in ``language`` and queue it for sending."""
    subject, body = render_message(template, language, context)
    queue_message(kind=kind, subject=subject, body=body, recipients=recipients)


def queue_message(
    *, kind: str, subject: str, body: str, recipients: Sequence[str]
) -> None:
    """Queue an e-mail already rendered; the worker sends it, retrying on failure."""
    deliver_email.enqueue(
        kind=kind,
        subject=subject,
        body=body,
        recipients=list(recipients),
        attempt=1,
    )


@task(takes_context=True)
def deliver_email(
    context: TaskContext,
    *,
    kind: str,
    subject: str,
    body: str,
    recipients: list[str],
    attempt: int,
) -> None:
    """Hand one e-mail to the mail server; on failure, queue the next attempt."""
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except (OSError, smtplib.SMTPException):
        arguments = {
            "kind": kind,
            "subject": subject,
            "body": body,
            "recipients": recipients,
        }
        retry_later(context.task_result.task, kind, attempt, arguments)
        return
    logger.info(
        "mail.sent",
        extra={"kind": kind, "recipients": len(recipients), "attempt": attempt},
    )


def retry_later(
    same_task: Task[..., object],
    kind: str,
    attempt: int,
    arguments: Mapping[str, object],
) -> None:
    """Queue ``same_task`` with ``arguments`` again, after a pause that doubles.

    Gives up with MailNotDelivered after settings.MAIL_ATTEMPTS attempts.
    """
    # The next attempt goes to the backend that ran this one.
    backend = task_backends[same_task.backend]
    if attempt >= settings.MAIL_ATTEMPTS or not backend.supports_defer:
        logger.error("mail.given_up", extra={"kind": kind, "attempt": attempt})
        raise MailNotDelivered(f"{kind}: no mail server answered after {attempt} tries")
    run_after = timezone.now() + timedelta(minutes=2 ** (attempt - 1))
    logger.warning("mail.retry", extra={"kind": kind, "attempt": attempt})
    same_task.using(run_after=run_after).enqueue(**arguments, attempt=attempt + 1)


class MailNotDelivered(Exception):
    """Every attempt to hand an e-mail to the mail server failed."""
