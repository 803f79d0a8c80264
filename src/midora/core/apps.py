from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "midora.core"
    label = "core"
    verbose_name = "Scope and core records"

    def ready(self) -> None:
        from midora.core import signals  # noqa: F401
