"""The evidence of a digital signature: gathered at signing, then frozen.

The record answers the questions of eIDAS Art. 25 and 26 practice: who
signed (profile, role, authority), how they were authenticated (session and
login), what they were shown (version, language, fingerprint, consent text),
when (opening, end reached, signature) and from where (address, browser).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

FOOTPRINT_KEYS = (
    "time_zone",
    "languages",
    "screen",
    "platform",
    "pixel_ratio",
    "user_agent",
)
MAX_FOOTPRINT_VALUE = 300


@dataclass(frozen=True)
class SigningContext:
    """Facts about the request that signs, taken from HTTP by the view."""

    ip_address: str
    user_agent: str
    session_reference: str
    login_method: str
    footprint: dict[str, str]


def clean_footprint(raw: str) -> dict[str, str]:
    """Keep only the known browser facts, as short strings; never fail."""
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        key: str(data[key])[:MAX_FOOTPRINT_VALUE]
        for key in FOOTPRINT_KEYS
        if data.get(key) not in (None, "")
    }


def canonical_hash(value: Any) -> str:
    encoded = json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(encoded.encode()).hexdigest()


def utc(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def evidence_record(
    *,
    signer: dict[str, Any],
    context: SigningContext,
    opened_at: datetime,
    end_reached_at: datetime,
    signed_at: datetime,
    snapshot: dict[str, Any],
    fingerprint: str,
    identifier: str,
    consent_wording: str,
) -> dict[str, Any]:
    """Everything the evidence page prints, as plain JSON data."""
    return {
        "signer": signer,
        "network": {"ip_address": context.ip_address, "user_agent": context.user_agent},
        "browser_footprint": {
            "values": context.footprint,
            "sha256": canonical_hash(context.footprint),
        },
        "authentication": {
            "session_reference": context.session_reference,
            "login_method": context.login_method,
        },
        "times_utc": {
            "opened": utc(opened_at),
            "end_reached": utc(end_reached_at),
            "signed": utc(signed_at),
        },
        "document": {
            "version": snapshot["version"]["number"],
            "language": snapshot["language"],
            "identifier": identifier,
            "fingerprint_sha256": fingerprint,
        },
        "consent": {"wording": consent_wording, "confirmed": True},
        "instruction_givers_at_signing": snapshot["settings"]["instruction_givers"],
    }
