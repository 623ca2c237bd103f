"""Manual signing: the document issued for signing by hand, and uploaded scans."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dpaportal.organisations.models import Organisation


class IssuedDocument(models.Model):
    """A PDF handed out for signing by hand; its identifier is on every page."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="issued_documents"
    )
    version = models.ForeignKey(
        "versions.DpaVersion", on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(max_length=2)
    fingerprint = models.CharField(max_length=64)
    identifier = models.CharField(max_length=40)
    snapshot = models.JSONField()
    page_count = models.PositiveIntegerField()
    pdf_name = models.CharField(max_length=200)
    pdf_sha256 = models.CharField(max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "fingerprint"], name="one_issue_per_document"
            )
        ]

    def __str__(self) -> str:
        return self.identifier


class UploadStatus(models.TextChoices):
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ManualUpload(models.Model):
    """A scan of a DPA signed by hand, waiting for or past the vendor's review."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="manual_uploads"
    )
    issued = models.ForeignKey(
        IssuedDocument, on_delete=models.PROTECT, related_name="uploads"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    kind = models.CharField(max_length=10)
    # Each original exactly as received: name, media type, size, SHA-256 and
    # where it is stored.
    originals = models.JSONField()
    review_pdf_name = models.CharField(max_length=200)
    review_pdf_sha256 = models.CharField(max_length=64)
    page_count = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20, choices=UploadStatus.choices, default=UploadStatus.UNDER_REVIEW
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    agreement = models.OneToOneField(
        "agreements.SignedAgreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="manual_upload",
    )

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            # One scan at a time waits for review per organisation.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="under_review"),
                name="one_upload_under_review",
            )
        ]

    def __str__(self) -> str:
        return f"upload {self.pk} of {self.issued.identifier}"

    @property
    def pages_differ(self) -> bool:
        return self.page_count != self.issued.page_count
