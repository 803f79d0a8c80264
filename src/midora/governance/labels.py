"""Labels of the fields and records named after their attribute or class: translated at start-up
(the models keep no verbose name of their own, so their migrations stay as they are)."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

FIELDS: dict[str, dict[str, Any]] = {
    "Action": {
        "entity": _("entity"),
        "title": _("title"),
        "description": _("description"),
        "due_date": _("due date"),
        "status": _("status"),
        "priority": _("priority"),
        "source_type": _("source type"),
        "source_id": _("source id"),
        "budget_approved": _("budget approved"),
        "closed_date": _("closed date"),
    },
    "Decision": {
        "entity": _("entity"),
        "reference": _("reference"),
        "date": _("date"),
        "body": _("body"),
        "subject": _("subject"),
        "actions": _("actions"),
        "risks": _("risks"),
    },
}

MODELS: dict[str, tuple[Any, Any]] = {
    "Action": (_("action"), _("actions")),
    "Decision": (_("decision"), _("decisions")),
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
