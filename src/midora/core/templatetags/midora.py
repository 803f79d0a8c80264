"""Template helpers shared by every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **params: Any) -> str:
    """The current query string with some parameters replaced (None removes one)."""
    request: HttpRequest = context["request"]
    query = request.GET.copy()
    for key, value in params.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = value
    if "page" not in params:
        query.pop("page", None)
    query.pop("export", None) if "export" not in params else None
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def sort_link(context: dict[str, Any], column_sort: str) -> str:
    """The link of a column header: sort ascending first, then descending."""
    current = context["request"].GET.get("sort", "")
    return query_with(context, sort=f"-{column_sort}" if current == column_sort else column_sort)


@register.simple_tag
def register_url(register_obj: Any, action: str, pk: Any = None) -> str:
    try:
        if pk is None:
            return reverse(register_obj.url_name(action))
        return reverse(register_obj.url_name(action), args=[pk])
    except NoReverseMatch:
        return ""


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def zip_with(first: list, second: list) -> list:
    return list(zip(first, second, strict=False))
