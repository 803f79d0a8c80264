from django.apps import AppConfig


class EvidencePacksConfig(AppConfig):
    name = "midora.evidencepacks"
    label = "evidencepacks"
    verbose_name = "Evidence packs"
    default_auto_field = "django.db.models.BigAutoField"
