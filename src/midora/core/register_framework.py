"""Declarative description of a register (a list of one kind of record) and how it is shown.

An app describes each of its models once with a `Register`; the generic views, exports and URL
patterns in `midora.core.views.generic` do the rest (list with search, filters, sorting,
pagination and CSV / Excel export; detail with history; create, edit and delete).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models
from django.http import HttpRequest
from django.utils import timezone


@dataclass(frozen=True)
class Column:
    """One column of a list: an attribute path (`entity.name`), its label, how to sort by it."""

    accessor: str
    label: str
    sort: str | None = None
    link: bool = False
    render: Callable[[Any], Any] | None = None

    def value(self, obj: Any) -> Any:
        if self.render is not None:
            return self.render(obj)
        return resolve(obj, self.accessor)


@dataclass(frozen=True)
class Filter:
    """A list filter: a query parameter, its label, the ORM lookup and its choices."""

    param: str
    label: str
    lookup: str
    choices: Callable[[HttpRequest], Sequence[tuple[Any, str]]]

    def apply(self, queryset: models.QuerySet, raw: str) -> models.QuerySet:
        if raw in ("true", "false"):
            return queryset.filter(**{self.lookup: raw == "true"})
        return queryset.filter(**{self.lookup: raw})


def yes_no(_request: HttpRequest) -> list[tuple[str, str]]:
    return [("true", "Yes"), ("false", "No")]


def static_choices(choices: Sequence[tuple[Any, str]]) -> Callable[[HttpRequest], Sequence]:
    return lambda _request: list(choices)


def entity_choices(request: HttpRequest) -> list[tuple[int, str]]:
    from midora.core.models import LegalEntity
    from midora.core.permissions import scope

    return [
        (e.pk, e.name) for e in scope(request.user, LegalEntity.objects.all()).only("pk", "name")
    ]


@dataclass(frozen=True)
class Related:
    """A table of related records on a detail page (e.g. an entity's business functions)."""

    title: str
    accessor: str
    columns: Sequence[Column]


@dataclass
class Register:
    model: type[models.Model]
    slug: str
    columns: Sequence[Column]
    form_class: type[forms.ModelForm] | None = None
    search_fields: Sequence[str] = ()
    filters: Sequence[Filter] = ()
    ordering: Sequence[str] = ()
    select_related: Sequence[str] = ()
    prefetch_related: Sequence[str] = ()
    detail_fields: Sequence[str] | None = None
    related: Sequence[Related] = ()
    title: str | None = None
    description: str = ""
    per_page: int = 50
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.model._meta.model_name

    @property
    def namespace(self) -> str:
        return self.model._meta.app_label

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def verbose_name_plural(self) -> str:
        return self.title or str(self.model._meta.verbose_name_plural).capitalize()

    def url_name(self, action: str) -> str:
        return f"{self.namespace}:{self.name}_{action}"


def resolve(obj: Any, accessor: str) -> Any:
    """Follow a dotted attribute path; a field with choices gives its label."""
    value = obj
    parts = accessor.split(".")
    for index, part in enumerate(parts):
        if value is None:
            return None
        display = getattr(value, f"get_{part}_display", None)
        if display is not None and index == len(parts) - 1:
            return display()
        value = getattr(value, part)
        if callable(value) and not isinstance(value, models.Manager):
            value = value()
    return value


def as_text(value: Any) -> str:
    """A cell value as plain text, the same on screen and in exports."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, models.Manager):
        return ", ".join(str(v) for v in value.all())
    if isinstance(value, list | tuple | set):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def export_value(value: Any) -> Any:
    """A cell value for CSV / Excel: typed where the format has a type, text otherwise."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | decimal.Decimal | dt.date) and not isinstance(
        value, dt.datetime
    ):
        return value
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    return neutralise_formula(as_text(value))
