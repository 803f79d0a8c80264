from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "midora.compliance"
    label = "compliance"
    verbose_name = "Compliance"
