"""The vendor's own company details: the processor in every DPA."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcessorDetails(models.Model):
    """One row: the vendor that runs this portal."""

    legal_name = models.CharField(_("legal name"), max_length=200)
    address = models.TextField(_("address"))
    country = models.CharField(_("country"), max_length=100)
    registration_number = models.CharField(
        _("registration number"), max_length=100, blank=True
    )
    representative = models.CharField(_("representative"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    data_protection_officer = models.CharField(
        _("data protection officer"), max_length=300, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("processor details")
        verbose_name_plural = _("processor details")

    def __str__(self) -> str:
        return self.legal_name

    @classmethod
    def current(cls) -> ProcessorDetails | None:
        return cls.objects.order_by("pk").first()
