"""DPA versions: the text in English and German, immutable once published."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dpaportal.documents.inputs import VersionText
from dpaportal.errors import DomainError


class VersionLocked(DomainError):
    """A published or retired version cannot change; start a new draft instead."""

    status_code = 409


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class DpaVersionQuerySet(models.QuerySet["DpaVersion"]):
    """Bulk changes keep the rule of ``DpaVersion.save()``: published is final.

    ``bulk_update()`` goes through ``update()`` too. A row published between
    this check and the write is caught by the trigger on PostgreSQL.
    """

    def update(self, **kwargs: Any) -> int:
        locked = self.exclude(status=VersionStatus.DRAFT)
        if kwargs == {"status": VersionStatus.RETIRED}:
            locked = locked.exclude(status=VersionStatus.PUBLISHED)
        if locked.exists():
            raise VersionLocked(str(_("A published version cannot be changed.")))
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.exclude(status=VersionStatus.DRAFT).exists():
            raise VersionLocked(str(_("A published version cannot be deleted.")))
        return super().delete()


class DpaVersion(models.Model):
    major = models.PositiveIntegerField(_("major number"))
    minor = models.PositiveIntegerField(_("minor number"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VersionStatus.choices,
        default=VersionStatus.DRAFT,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    change_summary = models.TextField(_("summary of changes"), blank=True)
    # {"en": {...}, "de": {...}} in the format of versions/default/dpa-*.json:
    # title, preamble, clauses (number, title, body, tags), processing, measures.
    content = models.JSONField(_("text"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DpaVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("DPA version")
        verbose_name_plural = _("DPA versions")
        ordering = ["-major", "-minor"]
        constraints = [
            models.UniqueConstraint(
                fields=["major", "minor"], name="one_version_number"
            )
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            self.refuse_changes_after_publication()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        stored = DpaVersion.objects.filter(pk=self.pk).values_list("status", flat=True)
        if stored.first() != VersionStatus.DRAFT:
            raise VersionLocked(str(_("A published version cannot be deleted.")))
        return super().delete(*args, **kwargs)

    @property
    def number(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    def text(self, language: str) -> VersionText:
        """The version's text in one language, as the document module reads it."""
        return VersionText.from_data(self.content[language], number=self.number)

    def refuse_changes_after_publication(self) -> None:
        # Compare with the stored row, not with this instance: the instance may
        # already carry the changes the caller wants to sneak in.
        stored = DpaVersion.objects.filter(pk=self.pk).values(
            "status", "major", "minor", "content", "change_summary", "published_at"
        )
        before = stored.first()
        if before is None or before["status"] == VersionStatus.DRAFT:
            return
        unchanged = (
            before["major"] == self.major
            and before["minor"] == self.minor
            and before["content"] == self.content
            and before["change_summary"] == self.change_summary
            and before["published_at"] == self.published_at
        )
        # The only change a published version allows is its retirement.
        retiring = (
            before["status"] == VersionStatus.PUBLISHED
            and self.status == VersionStatus.RETIRED
        )
        if not (unchanged and (retiring or before["status"] == self.status)):
            raise VersionLocked(
                str(_("Version %(number)s is published and cannot be changed."))
                % {"number": self.number}
            )
