"""API schemas derived from a register's declaration: the fields typed once, on the `Register`.

``register.api_fields`` names the editable fields (the register's ``fields``, else its form's:
the form's, the API input's, the detail page's); ``api_read_only`` names model fields the API shows
but never takes (added to the output, or taken out of a form's fields for the input), ``api_keys`` gives foreign keys by a natural key (``{"requirement": "ref"}``),
``api_fixed`` names fields set on create only, and ``api_outputs`` adds computed attributes (a
type, or an `ApiOutput` with its resolver). From them:

- ``<Model>In``: every editable field (a foreign key as ``<name>_id``, or ``<name>`` by its
  natural key, a many-to-many field as ``<singular>_ids``), required where the model requires it,
  closed lists as enumerations;
- ``<Model>InReplace``: the same without the fixed fields, plus the ``version`` read;
- ``<Model>Patch``: the same, all optional, plus the ``version`` read;
- ``<Model>Out``: ``id``, ``version``, every field and read-only field, links as id lists, and
  the outputs.
"""

from __future__ import annotations

import enum
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db import models
from ninja import Field, Schema
from ninja.orm.fields import TYPES

from midora.core.api_links import Link

if TYPE_CHECKING:
    from midora.core.register_framework import Register


def link_key(field_name: str) -> str:
    """The payload key of a many-to-many field: ``assets`` -> ``asset_ids``."""
    if field_name.endswith("ies"):
        stem = field_name[:-3] + "y"
    elif field_name.endswith("s"):
        stem = field_name[:-1]
    else:
        stem = field_name
    return f"{stem}_ids"


def register_links(register: Register) -> dict[str, Link]:
    """The settable many-to-many links of a register, by payload key."""
    across = set(register.links_across_entities)
    return {
        link_key(name): Link(name, same_entity=name not in across)
        for name in input_fields(register)
        if register.model._meta.get_field(name).many_to_many
    }


def input_fields(register: Register) -> list[str]:
    """The fields the API takes: the editable ones but the read-only ones and the owner (set
    by the system, the creator, or by an assigning role on the web)."""
    shown_only = {*register.api_read_only, "owner"}
    return [name for name in register.api_fields if name not in shown_only]


def natural_keys(register: Register) -> dict[str, tuple[str, str]]:
    """Payload key -> (the foreign key's attname, the target's natural key field)."""
    model = register.model
    return {
        name: (model._meta.get_field(name).attname, slug)
        for name, slug in register.api_keys.items()
    }


@cache
def _choices_enum(model: type[models.Model], name: str) -> type[enum.Enum]:
    """A closed list as an enumeration (one class per field, so defaults are its members):
    numbers for a number field, text otherwise."""
    field = model._meta.get_field(name)
    label = f"{model.__name__}{name.title().replace('_', '')}"
    choices = [v for v, _label in field.flatchoices if v != "" and v is not None]
    if choices and all(isinstance(v, int) and not isinstance(v, bool) for v in choices):
        return enum.IntEnum(label, {f"LEVEL_{v}": v for v in choices})
    values = [str(v) for v in choices]
    if field.blank:
        values.append("")
    return enum.StrEnum(label, {v or "EMPTY": v for v in values})


def _own_choice_message(field: models.Field) -> bool:
    """A closed list with its own refusal message (a country "not an ISO 3166-1 code") is checked
    by the model, so the answer carries that message beside the record's other errors."""
    default = models.Field.default_error_messages["invalid_choice"]
    return field.error_messages.get("invalid_choice") != default


def _list_choices(register: Register) -> dict[str, type[enum.Enum]]:
    """JSON list fields the register's form picks from a closed list: lists of that enumeration."""
    from django import forms

    form_fields = getattr(register.form_class, "base_fields", {})
    found = {}
    for name, form_field in form_fields.items():
        if not isinstance(form_field, forms.MultipleChoiceField) or isinstance(
            form_field, forms.ModelMultipleChoiceField
        ):
            continue
        values = [str(v) for v, _label in form_field.choices if v != ""]
        label = f"{register.model.__name__}{name.title().replace('_', '')}Item"
        found[name] = enum.StrEnum(label, {v: v for v in values})
    return found


def _base_type(model: type[models.Model], field: models.Field, *, output: bool) -> Any:
    """The Python type of a field in a schema; a closed list is an enumeration on input; a JSON
    field is the shape of its default (a list or an object)."""
    if field.is_relation:
        return int
    if field.choices and not output and not _own_choice_message(field):
        return _choices_enum(model, field.name)
    if isinstance(field, models.JSONField) and field.has_default():
        default = field.get_default()
        if isinstance(default, list):
            return list[Any]
        if isinstance(default, dict):
            return dict[str, Any]
    return TYPES[field.get_internal_type()]


def _field(
    model: type[models.Model],
    name: str,
    *,
    patch: bool = False,
    output: bool = False,
    keys: dict[str, str] | None = None,
    items: dict[str, type[enum.Enum]] | None = None,
) -> tuple[str, Any, Any]:
    """(key, annotation, default) of one model field in a schema."""
    field = model._meta.get_field(name)
    if field.many_to_many:
        return link_key(name), list[int] if output else list[int] | None, ... if output else None
    key = field.attname
    annotation = _base_type(model, field, output=output)
    if keys and name in keys:  # a foreign key by its natural key
        key, annotation = name, str
    elif items and name in items and not output:  # a list picked from a closed list
        annotation = list[items[name]]
    if field.null or patch:
        annotation = annotation | None
    if output:
        return key, annotation, ...
    limits: dict[str, Any] = {}
    if isinstance(field, models.CharField):
        limits["max_length"] = field.max_length
    if field.choices and _own_choice_message(field):  # documented, checked by the model
        limits["json_schema_extra"] = {"enum": [str(v) for v, _l in field.flatchoices if v]}
    if patch:
        return key, annotation, Field(None, **limits)
    if not field.blank and not field.has_default():
        return key, annotation, Field(..., **limits)
    base = _base_type(model, field, output=False)
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return key, annotation, Field(default_factory=lambda: _as_member(base, field), **limits)
    return key, annotation, Field(default_factory=field.get_default, **limits)


def _as_member(choices: type[enum.Enum], field: models.Field) -> Any:
    default = field.get_default()
    if default is None:
        return None
    return choices(default if issubclass(choices, int) else str(default))


def _build(name: str, fields: dict[str, tuple[Any, Any]], namespace: dict[str, Any]) -> type:
    body = {"__annotations__": {k: t for k, (t, _d) in fields.items()}, "__module__": __name__}
    body.update({k: d for k, (_t, d) in fields.items() if d is not ...})
    body.update(namespace)
    return type(name, (Schema,), body)


def input_schemas(register: Register) -> tuple[type[Schema], type[Schema], type[Schema]]:
    """The create, replace and patch schemas of a register."""
    model, keys, items = register.model, register.api_keys, _list_choices(register)
    create: dict[str, tuple[Any, Any]] = {}
    replace: dict[str, tuple[Any, Any]] = {}
    patch: dict[str, tuple[Any, Any]] = {"version": (int, ...)}
    for name in input_fields(register):
        key, annotation, default = _field(model, name, keys=keys, items=items)
        create[key] = (annotation, default)
        if name in register.api_fixed:
            continue
        replace[key] = (annotation, default)
        key, annotation, default = _field(model, name, patch=True, keys=keys, items=items)
        patch[key] = (annotation, default)
    replace["version"] = (int, ...)
    return (
        _build(f"{model.__name__}In", create, {}),
        _build(f"{model.__name__}InReplace", replace, {}),
        _build(f"{model.__name__}Patch", patch, {}),
    )


def _link_ids(model: type[models.Model], name: str) -> Any:
    """The sorted ids of a many-to-many link; links to legal entities show only those the
    reader may see (the others are kept on a change, never named)."""
    to_entities = model._meta.get_field(name).related_model._meta.label == "core.LegalEntity"

    def resolve(obj: Any, context: Any = None) -> list[int]:
        ids = sorted(o.pk for o in getattr(obj, name).all())
        request = (context or {}).get("request")
        if not to_entities or request is None:
            return ids
        from midora.core import permissions

        if permissions.sees_all_entities(request.user):
            return ids
        granted = set(permissions.granted_entity_ids(request.user))
        return [pk for pk in ids if pk in granted]

    return resolve


def _natural_key(name: str, slug: str) -> Any:
    def resolve(obj: Any) -> Any:
        target = getattr(obj, name)
        return None if target is None else getattr(target, slug)

    return resolve


def output_schema(register: Register) -> type[Schema]:
    """The output schema: id, version, the fields and read-only fields, links as sorted id
    lists, the outputs."""
    from midora.core.register_framework import ApiOutput

    model, keys = register.model, register.api_keys
    fields: dict[str, tuple[Any, Any]] = {"id": (int, ...), "version": (int, ...)}
    resolvers: dict[str, Any] = {}
    for name in dict.fromkeys([*register.api_fields, *register.api_read_only]):
        key, annotation, default = _field(model, name, output=True, keys=keys)
        fields[key] = (annotation, default)
        if model._meta.get_field(name).many_to_many:
            resolvers[f"resolve_{key}"] = staticmethod(_link_ids(model, name))
        elif name in keys:
            resolvers[f"resolve_{key}"] = staticmethod(_natural_key(name, keys[name]))
    for name, output in register.api_outputs.items():
        if isinstance(output, ApiOutput):
            fields[name] = (output.annotation, ...)
            resolvers[f"resolve_{name}"] = staticmethod(output.resolve)
        else:
            fields[name] = (output, ...)
    if "owner" not in register.api_fields and hasattr(model, "owner_id"):
        fields["owner_id"] = (int | None, ...)
    return _build(f"{model.__name__}Out", fields, resolvers)


class ApiSchemas(NamedTuple):
    create: type[Schema]
    replace: type[Schema]
    patch: type[Schema]
    output: type[Schema]


def build_schemas(register: Register) -> ApiSchemas:
    """A register's schemas, built once (`Register.api_schemas` keeps them)."""
    create, replace, patch = input_schemas(register)
    return ApiSchemas(create, replace, patch, output_schema(register))
