"""An organisation's DPA settings: company details and what the DPA names."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dpaportal.organisations.models import Organisation


class DpaLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    GERMAN = "de", _("German")


class SignType(models.TextChoices):
    DIGITAL = "digital", _("Digital")
    MANUAL = "manual", _("Manual")


class DefaultGroup(models.TextChoices):
    EMPLOYEES = "employees", _("Employees and coworkers")
    FREELANCERS = "freelancers", _("Freelancers and suppliers")
    CUSTOMERS = "customers", _("Customers")


# The document prints the default groups in its own language, not the UI's.
DEFAULT_GROUP_WORDS = {
    "en": {
        "employees": "Employees and coworkers",
        "freelancers": "Freelancers and suppliers",
        "customers": "Customers",
    },
    "de": {
        "employees": "Beschäftigte und Kollegen",
        "freelancers": "Freie Mitarbeiter und Lieferanten",
        "customers": "Kunden",
    },
}


class AgreementSettings(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="agreement_settings"
    )
    legal_name = models.CharField(_("legal name"), max_length=200)
    address = models.TextField(_("address"))
    country = models.CharField(_("country"), max_length=100)
    registration_number = models.CharField(_("registration number"), max_length=100)
    vat_id = models.CharField(_("VAT ID"), max_length=50, blank=True)
    representative = models.CharField(_("representative"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    data_protection_officer = models.CharField(
        _("data protection officer"), max_length=300, blank=True
    )
    language = models.CharField(
        _("DPA language"),
        max_length=2,
        choices=DpaLanguage.choices,
        default=DpaLanguage.ENGLISH,
    )
    sign_type = models.CharField(
        _("sign type"),
        max_length=10,
        choices=SignType.choices,
        default=SignType.DIGITAL,
    )
    default_groups = models.JSONField(
        _("affected groups of people"), default=list, blank=True
    )
    own_groups = models.JSONField(_("own groups of people"), default=list, blank=True)
    instruction_givers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("further persons authorized to issue instructions"),
        blank=True,
        related_name="+",
    )
    signers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("authorized signers"),
        blank=True,
        related_name="signer_for",
    )
    signers_informed_at = models.DateTimeField(
        _("signers informed at"), null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("DPA settings")
        verbose_name_plural = _("DPA settings")

    def __str__(self) -> str:
        return f"DPA settings of {self.organisation}"

    def affected_groups(self, language: str) -> list[str]:
        """The categories of data subjects in the document's language."""
        words = DEFAULT_GROUP_WORDS[language]
        defaults = [
            words[key] for key in DefaultGroup.values if key in self.default_groups
        ]
        return defaults + [group for group in self.own_groups if group.strip()]


class EvidenceIsFrozen(Exception):
    """Raised on any attempt to change a signed DPA or its evidence."""


class FrozenQuerySet(models.QuerySet[Any]):
    """Bulk changes that would rewrite the past are refused, as ``save`` does.

    ``changeable`` names the fields a bulk update may still set: a signed DPA's
    status moves on when a newer signature supersedes it.
    """

    changeable: frozenset[str] = frozenset()

    def update(self, **kwargs: Any) -> int:
        frozen = sorted(set(kwargs) - self.changeable)
        if frozen:
            raise EvidenceIsFrozen(
                f"{self.model.__name__} fields {', '.join(frozen)} cannot be changed."
            )
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise EvidenceIsFrozen(f"{self.model.__name__} rows cannot be removed.")


class SignedAgreementQuerySet(FrozenQuerySet):
    changeable = frozenset({"status"})


class ReadingRecord(models.Model):
    """When a user opened a document and reached its end, in one session.

    The server refuses a signature without this record for the exact document
    (its fingerprint) and the signer's current session.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    session_reference = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=64)
    opened_at = models.DateTimeField()
    end_reached_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "session_reference", "fingerprint"],
                name="one_reading_per_session_and_document",
            )
        ]

    def __str__(self) -> str:
        return f"reading of {self.fingerprint[:12]} by user {self.user_id}"


class SigningMethod(models.TextChoices):
    DIGITAL = "digital", _("Digital")
    MANUAL = "manual", _("Manual")


class AgreementStatus(models.TextChoices):
    SIGNED = "signed", _("Signed")
    SUPERSEDED = "superseded", _("Superseded")


class SignedAgreement(models.Model):
    """An executed DPA: the frozen document, who signed it, and the sealed PDF."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="signed_agreements"
    )
    version = models.ForeignKey(
        "versions.DpaVersion", on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(max_length=2, choices=DpaLanguage.choices)
    method = models.CharField(max_length=10, choices=SigningMethod.choices)
    status = models.CharField(
        max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.SIGNED
    )
    fingerprint = models.CharField(max_length=64)
    document_identifier = models.CharField(max_length=40)
    snapshot = models.JSONField()
    # Signers may leave the organisation or delete their account; the name and
    # address they signed with stay here and in the evidence.
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    signer_name = models.CharField(max_length=200)
    signer_email = models.EmailField()
    signed_at = models.DateTimeField()
    pdf_name = models.CharField(max_length=200)
    pdf_sha256 = models.CharField(max_length=64, unique=True)
    seal_level = models.CharField(max_length=10)

    objects = SignedAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_at"]
        constraints = [
            # Never two signed DPAs for the same document, even under a race.
            models.UniqueConstraint(
                fields=["organisation", "fingerprint"],
                name="one_signature_per_document",
            )
        ]
        # The status board counts organisations per version from this index
        # alone. Status does not lead: SQLite without statistics would then
        # prefer it to the organisation's own index for per-organisation lookups.
        indexes = [
            models.Index(
                fields=["version", "status", "organisation"],
                name="agreement_version_status",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_identifier} signed {self.signed_at:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            stored = SignedAgreement.objects.filter(pk=self.pk).values("status").first()
            # A signed DPA is a record of the past; only its status may move on
            # when a newer version supersedes it.
            if kwargs.get("update_fields") != ["status"] or stored is None:
                raise EvidenceIsFrozen("A signed DPA cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise EvidenceIsFrozen("A signed DPA cannot be removed.")

    @property
    def download_name(self) -> str:
        return f"{self.document_identifier}-signed.pdf"


class SignatureEvidence(models.Model):
    """What the portal knew at the moment of signing, frozen and hashed."""

    agreement = models.OneToOneField(
        SignedAgreement, on_delete=models.PROTECT, related_name="evidence"
    )
    record = models.JSONField()
    record_sha256 = models.CharField(max_length=64)

    objects = FrozenQuerySet.as_manager()

    def __str__(self) -> str:
        return f"evidence of {self.agreement_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise EvidenceIsFrozen("Signature evidence cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise EvidenceIsFrozen("Signature evidence cannot be removed.")


# Registered with the app through this import; kept in their own module.
from dpaportal.agreements.manual_models import (  # noqa: E402, F401
    IssuedDocument,
    ManualUpload,
    UploadStatus,
)
