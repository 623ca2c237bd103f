from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "dpaportal.campaigns"
    label = "campaigns"
    verbose_name = _("Re-signing campaigns")
