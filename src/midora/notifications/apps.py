from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "midora.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from midora.notifications import checks, signals  # noqa: F401  (registers them)
