from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidencePacksConfig(AppConfig):
    name = "midora.evidencepacks"
    label = "evidencepacks"
    verbose_name = _("Evidence packs")
    default_auto_field = "django.db.models.BigAutoField"
