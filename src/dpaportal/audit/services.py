"""Appending to the audit log and walking it."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from dpaportal.audit.chain import (
    GENESIS_HASH,
    ChainedRow,
    ChainReport,
    event_hash,
    verify_chain,
)
from dpaportal.audit.events import EventType
from dpaportal.audit.models import AuditEvent

logger = logging.getLogger(__name__)

# Any fixed number: it names the advisory lock that serialises appends.
CHAIN_LOCK_KEY = 28_032_018


def record_event(
    event_type: EventType,
    *,
    actor: models.Model | None = None,
    organisation: models.Model | None = None,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction."""
    # A round trip through JSON gives the exact value the database returns
    # later, so the hash computed now is the hash verification recomputes.
    event_type = EventType(event_type)  # refuses anything outside the closed list
    clean_details = json.loads(json.dumps(details or {}, default=str))
    with transaction.atomic():
        lock_chain_head()
        last = AuditEvent.objects.order_by("-sequence").only("sequence", "hash").first()
        row = ChainedRow(
            sequence=(last.sequence + 1) if last else 1,
            occurred_at=timezone.now(),
            actor_id=actor.pk if actor is not None else None,
            organisation_id=organisation.pk if organisation is not None else None,
            event_type=str(event_type),
            object_type=target._meta.label_lower if target is not None else "",
            object_id=str(target.pk) if target is not None else "",
            details=clean_details,
            previous_hash=last.hash if last else GENESIS_HASH,
        )
        event = AuditEvent.objects.create(
            sequence=row.sequence,
            occurred_at=row.occurred_at,
            actor_id=row.actor_id,
            organisation_id=row.organisation_id,
            event_type=row.event_type,
            object_type=row.object_type,
            object_id=row.object_id,
            details=row.details,
            previous_hash=row.previous_hash,
            hash=event_hash(row),
        )
    logger.info(
        "audit.recorded",
        extra={"sequence": event.sequence, "event_type": event.event_type},
    )
    return event


def lock_chain_head() -> None:
    """Serialise appenders so that sequence numbers and links never fork.

    On SQLite the IMMEDIATE transaction mode already holds the database's only
    write lock; PostgreSQL needs a transaction-scoped advisory lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def stored_rows(batch_size: int = 2000) -> Iterator[tuple[ChainedRow, str]]:
    """Every stored event in sequence order, as the chain module sees it."""
    for event in AuditEvent.objects.order_by("sequence").iterator(batch_size):
        yield as_chained_row(event), event.hash


def as_chained_row(event: AuditEvent) -> ChainedRow:
    return ChainedRow(
        sequence=event.sequence,
        occurred_at=event.occurred_at,
        actor_id=event.actor_id,
        organisation_id=event.organisation_id,
        event_type=event.event_type,
        object_type=event.object_type,
        object_id=event.object_id,
        details=event.details,
        previous_hash=event.previous_hash,
    )


def verify_audit_log() -> ChainReport:
    """Walk the whole stored chain and report the first break, if any."""
    return verify_chain(stored_rows())
