"""The generic layer's one declaration per record type: the `Register`.

An app describes each of its models once with a `Register`: its columns, search fields and filters,
and (``fields``) its editable fields. From that one declaration come:

- the edit form (``form_class``: a `ScopedLinksForm` over ``fields``, unless a form is given);
- the detail page's fields (``detail_fields``, ``fields`` by default);
- the django-filter ``FilterSet`` (search ``q`` and every `Filter`) that both the web list and
  the API list apply (`filterset_class`);
- the API input, patch and output schemas and the many-to-many links, from ``fields`` (or, for
  a register given a ``form_class``, that form's fields), ``api_read_only``, ``api_keys``,
  ``api_fixed`` and ``api_outputs`` (`midora.core.api_schemas`,
  `midora.core.api_crud.register_router`), and the API list's exact filters ``api_filters``;
- the pages (`midora.core.views.generic.register_urls` / `midora.core.views.area`).

Every register of an app is listed in its ``REGISTERS``, so that they can be enumerated.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import django_filters
from django import forms
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


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


@dataclass(frozen=True)
class ConditionFilter(Filter):
    """A yes/no filter on a condition its lookup alone does not say: "true" keeps the rows that
    meet ``condition``, any other answer the rows that do not."""

    def condition(self, queryset: models.QuerySet) -> models.Q:
        raise NotImplementedError

    def apply(self, queryset: models.QuerySet, raw: str) -> models.QuerySet:
        condition = self.condition(queryset)
        return queryset.filter(condition) if raw == "true" else queryset.exclude(condition)


@dataclass(frozen=True)
class DatePassedFilter(ConditionFilter):
    """Rows whose date at ``lookup`` lies before today (yes) or not (no); the rows ``unless``
    matches never count as passed (finished work is not overdue)."""

    unless: models.Q | None = None

    def condition(self, queryset: models.QuerySet) -> models.Q:
        passed = models.Q(**{f"{self.lookup}__lt": timezone.localdate()})
        return passed if self.unless is None else passed & ~self.unless


def yes_no(_request: HttpRequest) -> list[tuple[str, str]]:
    return [("true", "Yes"), ("false", "No")]


def static_choices(choices: Sequence[tuple[Any, str]]) -> Callable[[HttpRequest], Sequence]:
    return lambda _request: list(choices)


def record_choices(
    queryset: models.QuerySet, label: str
) -> Callable[[HttpRequest], list[tuple[int, str]]]:
    """Choices of a filter on a link: the records of ``queryset`` the user sees, as (id, the
    field ``label``), in the queryset's order."""

    def choices(request: HttpRequest) -> list[tuple[int, str]]:
        from midora.core.permissions import scope

        return list(scope(request.user, queryset.all()).values_list("pk", label))

    return choices


def value_choices(
    queryset: models.QuerySet, field: str, label: Callable[[Any], str] = str
) -> Callable[[HttpRequest], list[tuple[Any, str]]]:
    """Choices of a filter on a field: the distinct values ``field`` holds among the records of
    ``queryset`` the user sees, as (value, its label), sorted by label."""

    def choices(request: HttpRequest) -> list[tuple[Any, str]]:
        from midora.core.permissions import scope

        rows = scope(request.user, queryset.all()).order_by().values_list(field, flat=True)
        return sorted(((v, label(v)) for v in rows.distinct()), key=lambda pair: pair[1])

    return choices


def entity_choices(request: HttpRequest) -> list[tuple[int, str]]:
    from midora.core.models import LegalEntity

    return record_choices(LegalEntity.objects.all(), "name")(request)


@dataclass(frozen=True)
class EntityFilter(Filter):
    """The legal-entity filter of any register: it follows the model's own ``scope_path``, so no
    register spells its entity lookup again."""

    param: str = "entity"
    label: str = _("Entity")
    lookup: str = ""
    choices: Callable[[HttpRequest], Sequence[tuple[Any, str]]] = entity_choices

    def apply(self, queryset: models.QuerySet, raw: str) -> models.QuerySet:
        path = getattr(queryset.model, "scope_path", "entity") or "entity"
        filtered = queryset.filter(**{path: raw})
        return filtered.distinct() if "__" in path or path.endswith("entities") else filtered


ENTITY_FILTER = EntityFilter()
# The two columns most registers show, declared once.
ENTITY_COLUMN = Column("entity.name", _("Entity"), sort="entity__name")
OWNER_COLUMN = Column("owner", _("Owner"), sort="owner__username")


@dataclass(frozen=True)
class Related:
    """A table of related records on a detail page (e.g. an entity's business functions)."""

    title: str
    accessor: str
    columns: Sequence[Column]


@dataclass(frozen=True)
class ApiOutput:
    """A read-only attribute of the API output computed from the record
    (``ApiOutput(str, lambda obj: obj.state().value)``); a plain type reads the attribute."""

    annotation: Any
    resolve: Callable[[Any], Any]


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
    fields: Sequence[str] = ()
    form_base: type[forms.ModelForm] | None = None
    api_outputs: dict[str, Any] = field(default_factory=dict)
    links_across_entities: Sequence[str] = ()
    # model fields the API shows but never takes (set by a workflow or the system)
    api_read_only: Sequence[str] = ()
    # foreign keys given and shown by a natural key ({"requirement": "ref"}), not by id
    api_keys: dict[str, str] = field(default_factory=dict)
    # fields set on create and never changed afterwards (not in the replace and patch schemas)
    api_fixed: Sequence[str] = ()
    # model fields the API list also filters on by exact value (a link by its id:
    # ``arrangement`` gives ``?arrangement_id=``), beside the declared ``filters``
    api_filters: Sequence[str] = ()

    def __post_init__(self) -> None:
        if self.fields and self.form_class is None:
            from django.forms import modelform_factory

            from midora.core.forms import ScopedLinksForm

            self.form_class = modelform_factory(
                self.model, form=self.form_base or ScopedLinksForm, fields=list(self.fields)
            )
        if self.fields and self.detail_fields is None:
            self.detail_fields = list(self.fields)

    @property
    def api_fields(self) -> Sequence[str]:
        """The fields the API takes: ``fields``, else those of the given form."""
        if self.fields:
            return self.fields
        meta = getattr(self.form_class, "_meta", None)
        return list(getattr(meta, "fields", None) or ())

    @cached_property
    def api_schemas(self) -> Any:
        """The API input, patch and output schemas (`midora.core.api_schemas`), built once."""
        from midora.core.api_schemas import build_schemas

        return build_schemas(self)

    @cached_property
    def filterset_class(self) -> type[django_filters.FilterSet]:
        """Search and filters as a django-filter FilterSet (for the web list and the API)."""
        return build_filterset(self)

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
        return self.title or capfirst(str(self.model._meta.verbose_name_plural))

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


class RegisterFilterSet(django_filters.FilterSet):
    """Runs a register's declared `Filter`s: a value outside the user's choices finds nothing."""

    register: Register

    def search(self, queryset: models.QuerySet, _name: str, value: str) -> models.QuerySet:
        condition = models.Q()
        for field_name in self.register.search_fields:
            condition |= models.Q(**{f"{field_name}__icontains": value.strip()})
        return queryset.filter(condition)

    def declared(self, queryset: models.QuerySet, name: str, value: str) -> models.QuerySet:
        flt = next(f for f in self.register.filters if f.param == name)
        allowed = {str(choice) for choice, _label in flt.choices(self.request)}
        return flt.apply(queryset, value) if value in allowed else queryset.none()


def build_filterset(register: Register) -> type[RegisterFilterSet]:
    attrs: dict[str, Any] = {
        flt.param: django_filters.CharFilter(method="declared", label=flt.label)
        for flt in register.filters
    }
    if register.search_fields:
        attrs["q"] = django_filters.CharFilter(method="search", label=_("Search"))
    attrs["register"] = register
    attrs["Meta"] = type("Meta", (), {"model": register.model, "fields": []})
    return type(f"{register.model.__name__}FilterSet", (RegisterFilterSet,), attrs)
