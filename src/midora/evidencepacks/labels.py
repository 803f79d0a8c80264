"""Labels of the fields and records named after their attribute or class: translated at start-up
(the models keep no verbose name of their own, so their migrations stay as they are)."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

FIELDS: dict[str, dict[str, Any]] = {
    "IssuedPack": {
        "pack_id": _("pack id"),
        "merkle_root": _("merkle root"),
        "key_fingerprint": _("key fingerprint"),
        "selection": _("selection"),
        "description": _("description"),
        "recipient": _("recipient"),
        "purpose": _("purpose"),
        "built_at": _("built at"),
        "built_by": _("built by"),
        "built_by_name": _("built by name"),
        "period_from": _("period from"),
        "period_to": _("period to"),
        "file_count": _("file count"),
        "evidence_files": _("evidence files"),
        "evidence_bytes": _("evidence bytes"),
        "audit_events": _("audit events"),
        "archive_size": _("archive size"),
        "stored_name": _("stored name"),
        "entities": _("entities"),
    },
}

MODELS: dict[str, tuple[Any, Any]] = {}


def apply(config: AppConfig) -> None:
    """Give each field and record type its translatable label (called from ready())."""
    for model_name, labels in FIELDS.items():
        meta = config.get_model(model_name)._meta
        for name, label in labels.items():
            meta.get_field(name).verbose_name = label
    for model_name, (one, many) in MODELS.items():
        meta = config.get_model(model_name)._meta
        meta.verbose_name, meta.verbose_name_plural = one, many
