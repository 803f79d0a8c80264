"""API schemas of the third-party records, derived from the model fields (one definition)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models
from ninja import Schema
from pydantic import create_model


def _python_type(field: models.Field) -> Any:
    if isinstance(field, models.ForeignKey):
        return int
    if isinstance(field, models.DateField):
        return dt.date
    if isinstance(field, models.DecimalField):
        return Decimal
    if isinstance(field, models.IntegerField):
        return int
    if isinstance(field, models.BooleanField):
        return bool
    return str


def record_schemas(
    model: type[models.Model], fields: list[str], name: str
) -> tuple[type[Schema], type[Schema], type[Schema]]:
    """(In, Patch, Out) schemas for ``fields`` of ``model``; links are written as ``<name>_id``."""
    create: dict[str, Any] = {}
    patch: dict[str, Any] = {"version": (int, ...)}
    out: dict[str, Any] = {"id": (int, ...), "version": (int, ...)}
    for field_name in fields:
        field = model._meta.get_field(field_name)
        key, kind = field.attname, _python_type(field)
        if field.null:
            create[key] = (kind | None, None)
        elif field.has_default():
            create[key] = (kind, field.get_default())
        elif field.blank:
            create[key] = (kind, "")
        else:
            create[key] = (kind, ...)
        patch[key] = (kind | None, None)
        out[key] = (kind | None, None)
    return (
        create_model(f"{name}In", __base__=Schema, **create),
        create_model(f"{name}Patch", __base__=Schema, **patch),
        create_model(f"{name}Out", __base__=Schema, **out),
    )
