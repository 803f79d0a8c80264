"""Reads on a hot path whose SQL the ORM writes once per process.

Building a queryset and compiling its SQL costs Django 0.2-0.5 ms of CPU, the database answers a
read by index in a few microseconds: an intake runs several such reads. A `CompiledRead` keeps
the SQL of its queryset, then runs it with each call's own values.

    references = CompiledRead(lambda entity_id, *, prefix: rows_of(entity_id, prefix))
    references(entity.pk, prefix="INC-2026-")

Positional arguments are the values that change from call to call: each must reach the SQL
parameters unchanged (an id, a text compared for equality). Keyword arguments shape the query
(a prefix, a task name): each shape is compiled once. Every other parameter of the SQL is a
constant of the shape. When a value cannot be told apart among the parameters (it equals another
one), the call runs through the ORM and nothing is kept. Rows come back as the ORM's
`values_list()` gives them, tuples (its converters applied: dates, JSON).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ValuesListIterable

# a compiled shape: its database, the SQL, its constant parameters, where each value goes, the
# converters
_Compiled = tuple[str, str, tuple[Any, ...], tuple[int, ...], dict[int, tuple[list, Any]]]


class CompiledRead:
    def __init__(self, build: Callable[..., QuerySet]) -> None:
        self._build = build
        self._compiled: dict[Hashable, _Compiled] = {}

    def __call__(self, *values: Any, **shape: Hashable) -> list[tuple]:
        key = tuple(sorted(shape.items()))
        compiled = self._compiled.get(key)
        if compiled is None:
            queryset = self._build(*values, **shape)
            if queryset._iterable_class is not ValuesListIterable:
                raise TypeError("a compiled read gives rows: build it with values_list()")
            compiled = _compile(queryset, values)
            if compiled is None:
                return list(queryset)
            self._compiled[key] = compiled
        alias, sql, constants, slots, converters = compiled
        params = list(constants)
        for slot, value in zip(slots, values, strict=True):
            params[slot] = value
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = [_converted(row, converters, connection) for row in rows]
        return rows


def _compile(queryset: QuerySet, values: tuple[Any, ...]) -> _Compiled | None:
    """The SQL of a `values_list` queryset and where each value sits among its parameters."""
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    slots = []
    for value in values:
        found = [i for i, p in enumerate(params) if type(p) is type(value) and p == value]
        if len(found) != 1:
            return None
        slots.append(found[0])
    if len(set(slots)) != len(slots):
        return None
    fields = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
    # the first call's values are not kept (a token's hash, a key): each call puts its own
    constants = tuple(None if i in slots else p for i, p in enumerate(params))
    return queryset.db, sql, constants, tuple(slots), compiler.get_converters(fields)


def _converted(row: tuple, converters: dict[int, tuple[list, Any]], connection: Any) -> tuple:
    values = list(row)
    for position, (functions, expression) in converters.items():
        value = values[position]
        for function in functions:
            value = function(value, expression, connection)
        values[position] = value
    return tuple(values)
