from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "midora.core"
    label = "core"
    verbose_name = _("Scope and core records")

    def ready(self) -> None:
        from midora.core import languages, signals  # noqa: F401
        from midora.core.i18n import translate_model_names

        translate_model_names()
