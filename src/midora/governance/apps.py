from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "midora.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from midora.core import remediation
        from midora.governance.remediation import ActionProvider

        remediation.provide(ActionProvider())
