"""Helpers shared by the compliance pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from midora.core import permissions


def scoped_or_404(request: HttpRequest, queryset, pk: int):
    obj = permissions.scope(request.user, queryset).filter(pk=pk).first()
    if obj is None:
        raise Http404(f"No {queryset.model._meta.verbose_name} with id {pk} in your scope.")
    return obj


def entity_param(request: HttpRequest) -> int | None:
    """The `entity` query parameter, only when it names an entity in the user's scope."""
    raw = request.GET.get("entity", "")
    if not raw.isdigit():
        return None
    entity_id = int(raw)
    if entity_id not in permissions.granted_entity_ids(request.user):
        raise Http404("No legal entity with that id in your scope.")
    return entity_id
