from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "dpaportal.demo"
    label = "demo"
