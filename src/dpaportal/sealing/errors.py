"""The one error of the sealing package."""

from __future__ import annotations


class SealingError(Exception):
    """A seal that cannot be made or a seal key that cannot be loaded; says why."""
