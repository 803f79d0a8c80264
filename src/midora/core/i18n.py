"""Translatable names for every model: the names Django derives from class and field names
("short name", "legal entity") and plain-text verbose names and help texts become lazy
translations when the apps are ready, so forms, detail pages, list titles and exports show them
in the active language.

Only the runtime attributes change (`field.verbose_name`, `field.help_text`,
`Model._meta.verbose_name`); what migrations record (`field._verbose_name`, `_meta.original_attrs`)
stays as written, so no migration changes. The texts reach the catalogues through each app's
`verbose_names.py`, written by `scripts/messages` from `names_to_translate()`.
"""

from __future__ import annotations

import json

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

# (app label) -> texts made translatable at start-up, in the order met
_WRAPPED: dict[str, list[str]] = {}


def _lazy(app_label: str, text: object) -> object:
    if isinstance(text, Promise) or not isinstance(text, str) or not text.strip():
        return text
    names = _WRAPPED.setdefault(app_label, [])
    if text not in names:
        names.append(text)
    return gettext_lazy(text)


def translate_model_names() -> None:
    """Make the plain-text names of midora's models and fields translatable (once, at start)."""
    for model in apps.get_models():
        if not model.__module__.startswith("midora."):
            continue
        meta = model._meta
        label = meta.app_label
        if "verbose_name_plural" not in meta.original_attrs and isinstance(meta.verbose_name, str):
            # Django derives the plural lazily from the English singular (+ "s"): translate the
            # English plural as a whole instead
            meta.verbose_name_plural = f"{meta.verbose_name}s"
        meta.verbose_name = _lazy(label, meta.verbose_name)
        meta.verbose_name_plural = _lazy(label, meta.verbose_name_plural)
        for field in meta.get_fields(include_parents=False, include_hidden=False):
            if getattr(field, "auto_created", False) and not getattr(field, "concrete", False):
                continue  # a reverse relation: named by the other model
            if hasattr(field, "verbose_name"):
                field.verbose_name = _lazy(label, field.verbose_name)
            if hasattr(field, "help_text"):
                field.help_text = _lazy(label, field.help_text)


def names_to_translate(app_label: str) -> list[str]:
    """The texts of an app that start-up made translatable (for its verbose_names.py)."""
    return sorted(_WRAPPED.get(app_label, []))


def _entry(name: str) -> str:
    """One list entry, laid out as the project's formatter (ruff) lays it out."""
    text = json.dumps(name, ensure_ascii=False)
    line = f"    gettext_noop({text}),"
    return line if len(line) <= 100 else f"    gettext_noop(\n        {text}\n    ),"


def verbose_names_module(app_label: str) -> str:
    """The source of `<app>/verbose_names.py`: the app's names, listed for makemessages."""
    lines = [
        '"""Names of this app\'s models and fields that are not marked in their source (Django',
        "derives them from class and field names), listed so that the catalogues hold them;",
        'midora.core.i18n translates them at start-up. Written by scripts/messages: do not edit."""',
        "",
        "from django.utils.translation import gettext_noop",
        "",
        "NAMES = [",
        *[_entry(name) for name in names_to_translate(app_label)],
        "]",
        "",
    ]
    return "\n".join(lines)
