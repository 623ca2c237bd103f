from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessorConfig(AppConfig):
    name = "dpaportal.processor"
    label = "processor"
    verbose_name = _("Processor")
