from django.apps import AppConfig


class BackgroundConfig(AppConfig):
    name = "dpaportal.background"
    label = "background"
