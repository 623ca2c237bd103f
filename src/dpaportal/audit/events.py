"""The closed list of things the audit log records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    LOGIN = "account.login", _("Logged in")
    LOGIN_FAILED = "account.login_failed", _("Failed login")
    LOGOUT = "account.logout", _("Logged out")
    INVITATION_SENT = "invitation.sent", _("Invitation sent")
    INVITATION_ACCEPTED = "invitation.accepted", _("Invitation accepted")
    INVITATION_REVOKED = "invitation.revoked", _("Invitation revoked")
    MEMBER_ROLE_CHANGED = "member.role_changed", _("Role changed")
    MEMBER_REMOVED = "member.removed", _("Member removed")
    PROCESSOR_DETAILS_CHANGED = (
        "processor.details_changed",
        _("Processor details changed"),
    )
    SUBPROCESSOR_ADDED = "subprocessor.added", _("Sub-processor added")
    SUBPROCESSOR_CHANGED = "subprocessor.changed", _("Sub-processor changed")
    VERSION_DRAFTED = "version.drafted", _("DPA version drafted")
    VERSION_EDITED = "version.edited", _("DPA version edited")
    VERSION_RENUMBERED = "version.renumbered", _("DPA draft renumbered")
    VERSION_DELETED = "version.deleted", _("DPA draft deleted")
    VERSION_PUBLISHED = "version.published", _("DPA version published")
    DPA_SETTINGS_SAVED = "dpa.settings_saved", _("DPA settings saved")
    DPA_DRAFT_GENERATED = "dpa.draft_generated", _("DPA draft generated")
    DPA_SIGNERS_INFORMED = "dpa.signers_informed", _("Signers informed")
    DPA_DOCUMENT_OPENED = "dpa.document_opened", _("DPA opened for signing")
    DPA_END_REACHED = "dpa.end_reached", _("End of the DPA reached")
    DPA_SIGNED = "dpa.signed", _("DPA signed")
    DPA_DOWNLOADED = "dpa.downloaded", _("Signed DPA downloaded")
    DPA_SUPERSEDED = "dpa.superseded", _("Signed DPA superseded by a newer one")
    MANUAL_ISSUED = "dpa.manual_issued", _("DPA issued for signing by hand")
    MANUAL_UPLOADED = "dpa.manual_uploaded", _("Signed scan uploaded")
    MANUAL_WITHDRAWN = "dpa.manual_withdrawn", _("Upload withdrawn")
    MANUAL_APPROVED = "dpa.manual_approved", _("Upload approved")
    MANUAL_REJECTED = "dpa.manual_rejected", _("Upload rejected")
    CAMPAIGN_STARTED = "campaign.started", _("Re-signing campaign started")
    REMINDER_SENT = "campaign.reminder_sent", _("Reminder sent")
