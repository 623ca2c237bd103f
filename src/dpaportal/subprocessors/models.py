"""The registry of the vendor's sub-processors, as listed in Annex IV."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dpaportal.documents.inputs import SubProcessor as SubProcessorText


class TransferMechanism(models.TextChoices):
    EEA = "eea", _("Within the EU/EEA")
    ADEQUACY = "adequacy", _("Adequacy decision (Art. 45 GDPR)")
    SCC = "scc", _("Standard contractual clauses (Art. 46 GDPR)")
    BCR = "bcr", _("Binding corporate rules (Art. 47 GDPR)")


# Annex IV prints the mechanism in the document's language, not the UI's.
TRANSFER_LABELS = {
    "en": {
        "eea": "Within the EU/EEA",
        "adequacy": "Adequacy decision (Art. 45 GDPR)",
        "scc": "Standard contractual clauses (Art. 46 GDPR)",
        "bcr": "Binding corporate rules (Art. 47 GDPR)",
    },
    "de": {
        "eea": "Innerhalb der EU/des EWR",
        "adequacy": "Angemessenheitsbeschluss (Art. 45 DSGVO)",
        "scc": "Standardvertragsklauseln (Art. 46 DSGVO)",
        "bcr": "Verbindliche interne Datenschutzvorschriften (Art. 47 DSGVO)",
    },
}


class SubProcessorQuerySet(models.QuerySet["SubProcessor"]):
    def in_force(self, on: datetime.date) -> SubProcessorQuerySet:
        """Sub-processors engaged on ``on``: started, and not ended before it."""
        return self.filter(active_from__lte=on).filter(
            Q(active_until__isnull=True) | Q(active_until__gte=on)
        )


class SubProcessor(models.Model):
    name = models.CharField(_("name"), max_length=200)
    legal_entity = models.CharField(_("legal entity"), max_length=200)
    address = models.TextField(_("address"))
    contact = models.CharField(_("contact"), max_length=300)
    service = models.CharField(_("service provided (English)"), max_length=300)
    service_de = models.CharField(
        _("service provided (German)"), max_length=300, blank=True
    )
    data_categories = models.CharField(
        _("categories of personal data (English)"), max_length=500
    )
    data_categories_de = models.CharField(
        _("categories of personal data (German)"), max_length=500, blank=True
    )
    locations = models.JSONField(_("processing locations (countries)"), default=list)
    transfer_mechanism = models.CharField(
        _("transfer mechanism"), max_length=20, choices=TransferMechanism.choices
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("works for sub-processor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    active_from = models.DateField(_("active from"))
    active_until = models.DateField(_("active until"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SubProcessorQuerySet.as_manager()

    class Meta:
        verbose_name = _("sub-processor")
        verbose_name_plural = _("sub-processors")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="subprocessor_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def as_text(self, language: str) -> SubProcessorText:
        """The entry as Annex IV prints it in ``language``."""
        german = language == "de"
        return SubProcessorText(
            name=self.name,
            legal_entity=self.legal_entity,
            address=self.address,
            contact=self.contact,
            service=(german and self.service_de) or self.service,
            data_categories=(german and self.data_categories_de)
            or self.data_categories,
            locations=tuple(self.locations),
            transfer_mechanism=TRANSFER_LABELS[language][self.transfer_mechanism],
            parent=self.parent.name if self.parent else "",
        )
