from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "midora.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from midora.notifications import checks, signals  # noqa: F401  (registers them)
