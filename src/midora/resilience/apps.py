from django.apps import AppConfig


class ResilienceConfig(AppConfig):
    name = "midora.resilience"
    label = "resilience"
    verbose_name = "Resilience"
