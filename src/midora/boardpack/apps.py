from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardPackConfig(AppConfig):
    name = "midora.boardpack"
    label = "boardpack"
    verbose_name = _("Board pack and dashboards")
