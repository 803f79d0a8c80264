from django.apps import AppConfig


class ThirdPartyConfig(AppConfig):
    name = "midora.suppliers"
    label = "suppliers"
    verbose_name = "Third parties"
