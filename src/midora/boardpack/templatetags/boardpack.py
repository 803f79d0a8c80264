"""Rendering helpers for board-pack cells: a record reference is a link in HTML, text in print."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from midora.boardpack.sections import RecordRef
from midora.core import formatting

register = template.Library()


@register.simple_tag
def cell(value: Any, for_pdf: bool = False) -> str:
    if isinstance(value, RecordRef):
        if value.url and not for_pdf:
            return format_html('<a href="{}">{}</a>', value.url, value.label)
        return format_html("{}", value.label)
    return format_html("{}", formatting.display(value))


@register.filter
def signed(value: Any) -> str:
    if value is None:
        return ""
    text = formatting.number(abs(value))
    return f"+{text}" if value > 0 else (f"-{text}" if value < 0 else "±0")


@register.simple_tag
def figure_value(value: Any, label: str = "") -> str:
    """A figure as a reader sees it: a percentage when its label says (%), else a number."""
    return formatting.figure(value, label)
