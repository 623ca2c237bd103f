"""Vendor staff pages are for staff users in the named groups only."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from dpaportal.accounts.models import User, signed_in_user

REVIEWERS = "reviewers"
LEGAL = "legal"
STAFF_GROUPS = (REVIEWERS, LEGAL)


def staff_view(
    *groups: str,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Allow staff users who belong to any of ``groups`` (any staff group if none)."""
    wanted = groups or STAFF_GROUPS

    def decorate(
        view: Callable[..., HttpResponseBase],
    ) -> Callable[..., HttpResponseBase]:
        @login_required
        @wraps(view)
        def wrapper(
            request: HttpRequest, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            if not belongs_to_staff_groups(signed_in_user(request), wanted):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def belongs_to_staff_groups(user: User, groups: tuple[str, ...]) -> bool:
    """Whether ``user`` is staff and in at least one of ``groups``."""
    return user.is_staff and user.groups.filter(name__in=groups).exists()
