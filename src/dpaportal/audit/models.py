"""The append-only, hash-chained audit log."""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _

from dpaportal.audit.events import EventType


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or remove a recorded event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("Audit events cannot be changed.")

    def delete(self) -> NoReturn:
        raise AuditLogIsAppendOnly("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    # Ids are kept as plain numbers, not foreign keys: the log must outlive the
    # users and organisations it mentions, and a cascading SET NULL would be an
    # update of a row that may never change.
    sequence = models.BigIntegerField(_("sequence number"), unique=True)
    occurred_at = models.DateTimeField(_("time (UTC)"))
    actor_id = models.BigIntegerField(_("actor"), null=True, blank=True)
    organisation_id = models.BigIntegerField(_("organisation"), null=True, blank=True)
    # The closed list lives in EventType and is enforced by record_event; it is
    # not a database choice so that a new event type needs no migration.
    event_type = models.CharField(_("event"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    details = models.JSONField(_("details"), default=dict)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["sequence"]
        indexes = [models.Index(fields=["organisation_id", "sequence"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.event_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogIsAppendOnly("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("Audit events cannot be deleted.")

    @property
    def label(self) -> str:
        return str(EventType(self.event_type).label)
