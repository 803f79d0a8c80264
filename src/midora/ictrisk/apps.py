from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IctRiskConfig(AppConfig):
    name = "midora.ictrisk"
    label = "ictrisk"
    verbose_name = _("ICT risk")
