"""Labels of the fields and records named after their attribute or class: translated at start-up
(the models keep no verbose name of their own, so their migrations stay as they are)."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

FIELDS: dict[str, dict[str, Any]] = {
    "BoardPack": {
        "period_from": _("period from"),
        "period_to": _("period to"),
        "entity": _("entity"),
        "author": _("author"),
        "sha256": _("sha256"),
        "pdf_size": _("pdf size"),
        "figures": _("figures"),
        "previous": _("previous"),
        "entities": _("entities"),
    },
}

MODELS: dict[str, tuple[Any, Any]] = {
    "BoardPack": (_("board pack"), _("board packs")),
}


def apply(config: AppConfig) -> None:
    """Give each field and record type its translatable label (called from ready())."""
    for model_name, labels in FIELDS.items():
        meta = config.get_model(model_name)._meta
        for name, label in labels.items():
            meta.get_field(name).verbose_name = label
    for model_name, (one, many) in MODELS.items():
        meta = config.get_model(model_name)._meta
        meta.verbose_name, meta.verbose_name_plural = one, many
