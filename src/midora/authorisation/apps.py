from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorisationConfig(AppConfig):
    name = "midora.authorisation"
    label = "authorisation"
    verbose_name = _("MiCA authorisation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from midora.authorisation import signals  # noqa: F401
