"""Pages of a list ordered by a parent's name, read from the record's own index.

A register ordered by its entity's name and then its own reference (the risk register) makes the
database join and sort every row for every page: page 500 of 50,000 risks sorts all 50,000. When
an index already holds the records by (parent, own ordering), each parent's records come out of
it in order; what remains is the order of the parents, which are few. `ParentOrderedRows` counts
the records per parent (one grouped query), walks the parents in name order to the page's offset,
and reads the page in one query: from the parent's index when the page lies within one parent,
else from the rows of the parents it spans only. A page costs the same at any depth.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property, reduce
from operator import or_
from typing import Any

from django.db import models
from django.db.models import Case, Count, IntegerField, Q, Value, When


def parent_ordering(
    model: type[models.Model], ordering: Sequence[str]
) -> tuple[str, str, list[str]] | None:
    """(parent field, parent's order field, own order fields) when `ordering` is a parent's field
    followed by the record's own fields and an index or unique constraint of the model starts
    with the parent and those fields; None otherwise (the queryset is paged as it is)."""
    if not ordering or ordering[0].count("__") != 1 or ordering[0].startswith("-"):
        return None
    parent, parent_field = ordering[0].split("__")
    own = [name for name in ordering[1:] if name != "pk"]
    if any("__" in name or name.startswith("-") for name in own):
        return None
    try:
        field = model._meta.get_field(parent)
    except Exception:
        return None
    if not isinstance(field, models.ForeignKey):
        return None
    wanted = [parent, *own]
    meta = model._meta
    indexed = [list(index.fields) for index in meta.indexes] + [
        list(constraint.fields)
        for constraint in meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and not constraint.expressions
    ]
    if not any(fields[: len(wanted)] == wanted for fields in indexed):
        return None
    return parent, parent_field, own


class ParentOrderedRows(Sequence):
    """The rows of `queryset` in (parent.`parent_field`, *`own`, pk) order, sliceable for
    Django's Paginator without sorting the joined table."""

    ordered = True

    def __init__(
        self, queryset: models.QuerySet, parent: str, parent_field: str, own: Sequence[str]
    ):
        self.queryset = queryset
        self.parent = parent
        self.parent_field = parent_field
        self.own = [*own, "pk"]

    @cached_property
    def groups(self) -> list[tuple[Any, int]]:
        """(parent id, number of rows) in the parents' order."""
        column = f"{self.parent}_id"
        counts = dict(
            self.queryset.order_by()
            .values_list(column)
            .annotate(rows=Count("pk"))
            .values_list(column, "rows")
        )
        parent_model = self.queryset.model._meta.get_field(self.parent).related_model
        order = parent_model._base_manager.filter(pk__in=[k for k in counts if k is not None])
        ids = list(order.order_by(self.parent_field, "pk").values_list("pk", flat=True))
        if None in counts:  # rows without a parent sort last, as NULLs do in an ascending join
            ids.append(None)
        return [(pk, counts[pk]) for pk in ids]

    def count(self) -> int:
        return sum(rows for _pk, rows in self.groups)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, int):
            found = self[index : index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        start, stop, _step = index.indices(self.count())
        if start >= stop:
            return []
        spanned: list[Any] = []  # the parents whose rows the page holds, in order
        first_offset = offset = 0
        for pk, rows in self.groups:
            if offset + rows > start and offset < stop:
                if not spanned:
                    first_offset = offset
                spanned.append(pk)
            offset += rows
            if offset >= stop:
                break
        low, high = start - first_offset, stop - first_offset
        if len(spanned) == 1:  # the page within one parent: straight from its index
            return list(self._of_parent(spanned[0]).order_by(*self.own)[low:high])
        # across parents: only their rows, in the parents' order (one query for any page size)
        position = Case(
            *(When(**self._parent_lookup(pk), then=Value(n)) for n, pk in enumerate(spanned)),
            output_field=IntegerField(),
        )
        rows = self.queryset.filter(reduce(or_, (Q(**self._parent_lookup(pk)) for pk in spanned)))
        return list(rows.order_by(position, *self.own)[low:high])

    def _parent_lookup(self, pk: Any) -> dict[str, Any]:
        return {f"{self.parent}__isnull": True} if pk is None else {f"{self.parent}_id": pk}

    def _of_parent(self, pk: Any) -> models.QuerySet:
        return self.queryset.filter(**self._parent_lookup(pk))
