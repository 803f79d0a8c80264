from django.apps import AppConfig


class ThirdPartyConfig(AppConfig):
    name = "midora.thirdparty"
    label = "thirdparty"
    verbose_name = "Third parties"
