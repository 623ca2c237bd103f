"""The closed list of things the audit log records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    LOGIN = "account.login", _("Logged in")
    LOGIN_FAILED = "account.login_failed", _("Failed login")
    LOGOUT = "account.logout", _("Logged out")
    PASSWORD_RESET_REQUESTED = (
        "account.password_reset_requested",
        _("Password reset requested"),
    )
    INVITATION_SENT = "invitation.sent", _("Invitation sent")
    INVITATION_ACCEPTED = "invitation.accepted", _("Invitation accepted")
    INVITATION_REVOKED = "invitation.revoked", _("Invitation revoked")
    MEMBER_ROLE_CHANGED = "member.role_changed", _("Role changed")
    MEMBER_REMOVED = "member.removed", _("Member removed")
