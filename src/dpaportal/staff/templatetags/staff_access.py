"""Template checks for the staff navigation."""

from __future__ import annotations

from django import template

from dpaportal.accounts.models import User
from dpaportal.staff.access import belongs_to_staff_groups

register = template.Library()


@register.filter
def in_staff_group(user: object, group: str) -> bool:
    """``{% if user|in_staff_group:"legal" %}``; anonymous users are in none."""
    # is_staff first: customers' pages then cost no query.
    if not (isinstance(user, User) and user.is_staff):
        return False
    return belongs_to_staff_groups(user, (group,))
