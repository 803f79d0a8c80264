"""Labels of the fields and records named after their attribute or class: translated at start-up
(the models keep no verbose name of their own, so their migrations stay as they are)."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

FIELDS: dict[str, dict[str, Any]] = {
    "TestingProgramme": {
        "entity": _("entity"),
        "year": _("year"),
        "title": _("title"),
        "approved_on": _("approved on"),
        "notes": _("notes"),
    },
    "ResilienceTest": {
        "entity": _("entity"),
        "programme": _("programme"),
        "title": _("title"),
        "test_type": _("test type"),
        "status": _("status"),
        "planned_date": _("planned date"),
        "performed_date": _("performed date"),
        "tester": _("tester"),
        "tester_name": _("tester name"),
        "outcome": _("outcome"),
        "results": _("results"),
        "evidence_reference": _("evidence reference"),
        "assets": _("assets"),
        "functions": _("functions"),
        "providers": _("providers"),
    },
    "Finding": {
        "test": _("test"),
        "title": _("title"),
        "description": _("description"),
        "severity": _("severity"),
        "action": _("action"),
    },
}

MODELS: dict[str, tuple[Any, Any]] = {
    "TestingProgramme": (_("testing programme"), _("testing programmes")),
    "Finding": (_("finding"), _("findings")),
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
