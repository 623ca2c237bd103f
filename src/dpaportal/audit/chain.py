"""Hashing of audit events: pure code, shared by writing and verification."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class ChainedRow:
    """The fields of one event that its hash covers."""

    sequence: int
    occurred_at: datetime
    actor_id: int | None
    organisation_id: int | None
    event_type: str
    object_type: str
    object_id: str
    details: Any
    previous_hash: str


def canonical_encoding(row: ChainedRow) -> bytes:
    """The exact bytes hashed for one event: sorted-key JSON, UTC times."""
    body = {
        "sequence": row.sequence,
        "occurred_at": row.occurred_at.astimezone(UTC).isoformat(
            timespec="microseconds"
        ),
        "actor_id": row.actor_id,
        "organisation_id": row.organisation_id,
        "event_type": row.event_type,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "details": row.details,
        "previous_hash": row.previous_hash,
    }
    return json.dumps(
        body, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()


def event_hash(row: ChainedRow) -> str:
    """SHA-256 over the canonical encoding, which includes the previous hash."""
    return hashlib.sha256(canonical_encoding(row)).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """What a walk over the chain found."""

    count: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain(rows: Iterable[tuple[ChainedRow, str]]) -> ChainReport:
    """Walk (row, stored hash) pairs in sequence order; stop at the first break.

    A changed row fails its own hash; a removed row leaves a gap in the
    sequence; reordered rows no longer point at their predecessor's hash.
    """
    expected_sequence = 1
    previous = GENESIS_HASH
    count = 0
    for row, stored_hash in rows:
        if row.sequence != expected_sequence:
            return ChainReport(
                count,
                expected_sequence,
                f"expected sequence number {expected_sequence}, found {row.sequence}",
            )
        if row.previous_hash != previous:
            return ChainReport(
                count, row.sequence, "does not point at the hash of the event before it"
            )
        if event_hash(row) != stored_hash:
            return ChainReport(
                count, row.sequence, "its content does not match its hash"
            )
        previous = stored_hash
        expected_sequence += 1
        count += 1
    return ChainReport(count)
