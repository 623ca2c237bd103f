"""Refusals of the signing journey, each with a message for the user."""

from __future__ import annotations

from dpaportal.errors import DomainError


class SigningRefused(DomainError):
    """A signature request the rules do not allow; nothing was stored."""

    status_code = 400


class NotAuthorizedToSign(SigningRefused):
    status_code = 403


class DocumentChanged(SigningRefused):
    """The document changed since it was shown: it must be read again."""

    status_code = 409


class SigningFailed(DomainError):
    """Rendering, sealing or storing failed; nothing was recorded."""

    status_code = 503
