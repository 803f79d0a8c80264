from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "midora.governance"
    label = "governance"
    verbose_name = "Governance"
