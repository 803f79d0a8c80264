"""Labels of the fields and records named after their attribute or class: translated at start-up
(the models keep no verbose name of their own, so their migrations stay as they are)."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

FIELDS: dict[str, dict[str, Any]] = {
    "Dossier": {
        "entity": _("entity"),
        "title": _("title"),
        "status": _("status"),
        "acknowledged_on": _("acknowledged on"),
        "baseline_at": _("baseline at"),
        "notes": _("notes"),
    },
    "DossierItem": {
        "dossier": _("dossier"),
        "requirement": _("requirement"),
        "position": pgettext_lazy("order in a list", "position"),
        "answer": _("answer"),
        "status": _("status"),
        "reviewer": _("reviewer"),
        "approved_by": _("approved by"),
        "approved_at": _("approved at"),
        "needs_review": _("needs review"),
        "review_reason": _("review reason"),
        "applies": _("applies"),
    },
    "ItemEvidence": {
        "item": _("item"),
        "evidence": _("evidence"),
        "pinned_version": _("pinned version"),
        "statement": _("statement"),
    },
    "ItemComment": {
        "item": _("item"),
        "text": _("text"),
    },
    "Person": {
        "entity": _("entity"),
        "full_name": _("full name"),
        "role": _("role"),
        "position": _("position"),
        "appointed_on": _("appointed on"),
        "ended_on": _("ended on"),
        "birth_name": _("birth name"),
        "date_of_birth": _("date of birth"),
        "nationality": _("nationality"),
        "assessment_notes": _("assessment notes"),
    },
    "PersonDocument": {
        "person": _("person"),
        "kind": _("kind"),
        "original_name": _("original name"),
        "size": _("size"),
        "issued_on": _("issued on"),
    },
    "InformationRequest": {
        "dossier": _("dossier"),
        "reference": _("reference"),
        "stage": _("stage"),
        "question": _("question"),
        "answered_on": _("answered on"),
        "response": _("response"),
        "items": _("items"),
    },
}

MODELS: dict[str, tuple[Any, Any]] = {
    "Dossier": (_("dossier"), _("dossiers")),
    "DossierItem": (_("dossier item"), _("dossier items")),
    "ItemEvidence": (_("item evidence"), _("item evidences")),
    "ItemComment": (_("item comment"), _("item comments")),
    "PersonDocument": (_("person document"), _("person documents")),
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
