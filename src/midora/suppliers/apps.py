from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThirdPartyConfig(AppConfig):
    name = "midora.suppliers"
    label = "suppliers"
    verbose_name = _("Third parties")
