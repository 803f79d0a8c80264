from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "midora.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from midora.core import remediation
        from midora.governance.remediation import ActionProvider

        remediation.provide(ActionProvider())
