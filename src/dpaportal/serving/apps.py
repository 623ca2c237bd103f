from django.apps import AppConfig


class ServingConfig(AppConfig):
    name = "dpaportal.serving"
    label = "serving"
