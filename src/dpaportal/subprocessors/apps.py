from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubprocessorsConfig(AppConfig):
    name = "dpaportal.subprocessors"
    label = "subprocessors"
    verbose_name = _("Sub-processors")
