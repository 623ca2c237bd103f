"""What the vendor's legal team does with DPA versions."""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dpaportal.accounts.models import User
from dpaportal.audit.events import EventType
from dpaportal.audit.services import record_event
from dpaportal.errors import DomainError
from dpaportal.versions.models import DpaVersion, VersionStatus
from dpaportal.versions.rules import LANGUAGES, Problem, publication_problems

logger = logging.getLogger(__name__)

DEFAULT_TEXT_DIR = Path(__file__).resolve().parent / "default"


class VersionError(DomainError):
    """A change to DPA versions that the publishing rules do not allow."""


class PublicationRefused(VersionError):
    """Publishing stopped; ``problems`` lists everything that must be fixed."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(_("The version cannot be published yet."))
        self.problems = problems


def parse_number(number: str) -> tuple[int, int]:
    """``"1.0"`` to ``(1, 0)``; anything else is refused."""
    major, dot, minor = number.strip().partition(".")
    if not (dot and major.isdigit() and minor.isdigit()):
        raise VersionError(
            _("%(number)s is not a version number like 1.0.") % {"number": number}
        )
    return int(major), int(minor)


def find_version(number: str) -> DpaVersion:
    major, minor = parse_number(number)
    try:
        return DpaVersion.objects.get(major=major, minor=minor)
    except DpaVersion.DoesNotExist:
        raise VersionError(
            _("There is no DPA version %(number)s.") % {"number": number}
        ) from None


def latest_published_version() -> DpaVersion | None:
    return (
        DpaVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .order_by("-major", "-minor")
        .first()
    )


def load_default_text() -> dict[str, Any]:
    """The default DPA 1.0 as shipped, in both languages."""
    return {
        language: json.loads(
            (DEFAULT_TEXT_DIR / f"dpa-1.0.{language}.json").read_text()
        )
        for language in LANGUAGES
    }


def install_default_version(actor: User | None = None) -> DpaVersion:
    """Publish the shipped DPA 1.0 unless a version 1.0 exists already."""
    with transaction.atomic():
        existing = DpaVersion.objects.filter(major=1, minor=0).first()
        if existing is not None:
            return existing
        version = DpaVersion.objects.create(
            major=1,
            minor=0,
            content=load_default_text(),
            change_summary="First version.",
            created_by=actor,
        )
        return publish_version(version, actor)


def start_draft(actor: User) -> DpaVersion:
    """A new draft with the text of the latest version and the next minor number."""
    latest = DpaVersion.objects.order_by("-major", "-minor").first()
    if latest is not None and latest.is_draft:
        raise VersionError(
            _("Draft %(number)s is open already; finish or delete it first.")
            % {"number": latest.number}
        )
    content = copy.deepcopy(latest.content) if latest else load_default_text()
    major, minor = (latest.major, latest.minor + 1) if latest else (1, 0)
    try:
        with transaction.atomic():
            draft = DpaVersion.objects.create(
                major=major, minor=minor, content=content, created_by=actor
            )
            record_event(
                EventType.VERSION_DRAFTED,
                actor=actor,
                target=draft,
                details={"number": draft.number},
            )
    except IntegrityError:
        raise VersionError(
            _("Someone else started a draft at the same time.")
        ) from None
    return draft


def renumber_draft(draft: DpaVersion, number: str, actor: User) -> None:
    """Give a draft another number, which must be higher than every other."""
    major, minor = parse_number(number)
    highest = (
        DpaVersion.objects.exclude(pk=draft.pk).order_by("-major", "-minor").first()
    )
    if highest is not None and (major, minor) <= (highest.major, highest.minor):
        raise VersionError(
            _("The number must be higher than %(number)s.") % {"number": highest.number}
        )
    before = draft.number
    with transaction.atomic():
        draft.major, draft.minor = major, minor
        draft.save(update_fields=["major", "minor"])
        record_event(
            EventType.VERSION_RENUMBERED,
            actor=actor,
            target=draft,
            details={"from": before, "number": draft.number},
        )


def save_draft_text(
    draft: DpaVersion, language: str, text: dict[str, Any], summary: str, actor: User
) -> None:
    """Replace one language's text of a draft, keeping the other as stored.

    Two people may edit English and German at the same time: the row is
    locked and the one language merged into its stored content, so that
    neither save overwrites the other's language with what it read earlier.
    """
    with transaction.atomic():
        locked = DpaVersion.objects.select_for_update().get(pk=draft.pk)
        if not locked.is_draft:
            raise VersionError(_("Only a draft can be edited."))
        locked.content = {**locked.content, language: text}
        locked.change_summary = summary
        locked.save(update_fields=["content", "change_summary"])
        record_event(
            EventType.VERSION_EDITED,
            actor=actor,
            target=locked,
            details={"number": locked.number, "language": language},
        )
    draft.content, draft.change_summary = locked.content, locked.change_summary


def publish_version(
    version: DpaVersion, actor: User | None, *, major: bool | None = None
) -> DpaVersion:
    """Publish a draft once it covers every Art. 28(3) element in both languages.

    ``major`` says whether organisations must sign again, and the number must
    say the same; ``None`` publishes without a campaign.
    """
    with transaction.atomic():
        locked = DpaVersion.objects.select_for_update().get(pk=version.pk)
        if not locked.is_draft:
            raise VersionError(
                _("Version %(number)s is published already.")
                % {"number": locked.number}
            )
        problems = publication_problems(locked.content)
        if problems:
            raise PublicationRefused(problems)
        latest = latest_published_version()
        if latest is not None:
            check_number(locked, latest, major)
        locked.status = VersionStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at"])
        record_event(
            EventType.VERSION_PUBLISHED,
            actor=actor,
            target=locked,
            details={"number": locked.number},
        )
    logger.info("version.published", extra={"version_id": locked.pk})
    return locked


def check_number(version: DpaVersion, latest: DpaVersion, major: bool | None) -> None:
    """Refuse a number that does not follow ``latest`` or does not fit the kind.

    Organisations are asked to sign again by the major number (a signed 1.x
    stays valid until a 2.0), so a major change must raise it and a minor one
    must keep it; otherwise publishing 1.1 as major would ask nobody.
    """
    if (version.major, version.minor) <= (latest.major, latest.minor):
        raise VersionError(_("The number must be higher than every published version."))
    values = {"latest": latest.number, "number": version.number}
    if major is True and version.major == latest.major:
        raise VersionError(
            _(
                "A major version must have a higher major number than the latest "
                "published version %(latest)s: publish %(number)s as minor, or "
                "renumber it to %(next)s."
            )
            % {**values, "next": f"{latest.major + 1}.0"}
        )
    if major is False and version.major != latest.major:
        raise VersionError(
            _(
                "A minor version must keep the major number of the latest "
                "published version %(latest)s: publish %(number)s as major, or "
                "renumber it to %(next)s."
            )
            % {**values, "next": f"{latest.major}.{latest.minor + 1}"}
        )
