"""Rendering helpers for board-pack cells: a record reference is a link in HTML, text in print."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from midora.boardpack.sections import RecordRef

register = template.Library()


@register.simple_tag
def cell(value: Any, for_pdf: bool = False) -> str:
    if isinstance(value, RecordRef):
        if value.url and not for_pdf:
            return format_html('<a href="{}">{}</a>', value.url, value.label)
        return format_html("{}", value.label)
    return format_html("{}", "—" if value in (None, "") else value)


@register.filter
def signed(value: Any) -> str:
    if value is None:
        return ""
    return f"+{value:g}" if value > 0 else (f"{value:g}" if value < 0 else "±0")
