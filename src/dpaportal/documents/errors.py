"""The one error of the documents package."""

from __future__ import annotations


class DocumentError(ValueError):
    """Inputs that cannot make a DPA document; the message says which and why."""
