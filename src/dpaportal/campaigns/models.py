"""Re-signing campaigns: a published version asks organisations to sign again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dpaportal.organisations.models import Organisation


class CampaignKind(models.TextChoices):
    MAJOR = "major", _("Major: signing required")
    MINOR = "minor", _("Minor: notice only")


class Campaign(models.Model):
    """What publishing one version asked of the organisations."""

    version = models.OneToOneField(
        "versions.DpaVersion", on_delete=models.PROTECT, related_name="campaign"
    )
    kind = models.CharField(max_length=10, choices=CampaignKind.choices)
    deadline = models.DateTimeField(null=True, blank=True)
    reminder_days = models.JSONField(default=list)
    started_at = models.DateTimeField()
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    affected_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"campaign for {self.version}"


class ResignRequirement(models.Model):
    """One organisation asked to sign a newer major version by a deadline."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="requirements"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="resign_requirements"
    )
    # The version the organisation had signed when the campaign started; the
    # redline compares it with the new one.
    signed_version = models.ForeignKey(
        "versions.DpaVersion", on_delete=models.PROTECT, related_name="+"
    )
    fulfilled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation"], name="one_requirement_per_campaign"
            )
        ]
        indexes = [models.Index(fields=["organisation", "fulfilled_at"])]

    def __str__(self) -> str:
        return f"{self.organisation_id} must re-sign for campaign {self.campaign_id}"


class NoticeSent(models.Model):
    """A campaign's notice handed to the mail server for one person.

    A chunk of notices that is retried, or run again after its worker died,
    skips the people recorded here.
    """

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="notices"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+"
    )
    user_id = models.BigIntegerField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation", "user_id"],
                name="one_notice_per_person_and_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"notice of campaign {self.campaign_id} to user {self.user_id}"


class ReminderSent(models.Model):
    """A reminder for one person, recorded in the transaction that queues it."""

    requirement = models.ForeignKey(
        ResignRequirement, on_delete=models.CASCADE, related_name="reminders"
    )
    user_id = models.BigIntegerField()
    days_before = models.IntegerField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "user_id", "days_before"],
                name="one_reminder_per_person_and_day",
            )
        ]

    def __str__(self) -> str:
        return f"reminder {self.days_before} days before to user {self.user_id}"
