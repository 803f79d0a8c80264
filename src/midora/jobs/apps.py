from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "midora.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        from midora.jobs import cleanup  # noqa: F401  (registers the periodic check)
