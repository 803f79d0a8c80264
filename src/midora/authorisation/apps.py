from django.apps import AppConfig


class AuthorisationConfig(AppConfig):
    name = "midora.authorisation"
    label = "authorisation"
    verbose_name = "MiCA authorisation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from midora.authorisation import signals  # noqa: F401
