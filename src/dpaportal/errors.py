"""The base of every error a user can cause, with a message fit to show them."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal with a message for the user; views show it, never a 500."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
