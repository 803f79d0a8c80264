"""Template helpers shared by every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from midora.core import formatting
from midora.core.sentences import say

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
def noun(value: Any) -> str:
    """A record type's name inside a sentence: lower-case, except in German, which writes its
    nouns with a capital."""
    text = str(value)
    return text if (get_language() or "").startswith("de") else text.lower()


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def sentence(value: Any) -> str:
    """An engine's sentence in the reader's language (plain text stays as it is)."""
    return say(value)


@register.filter
def num(value: Any, decimals: Any = None) -> str:
    """A count or measure with thousand separators, at most two decimals."""
    return formatting.number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def pct(value: Any, decimals: Any = 1) -> str:
    """A percentage (0-100) with one decimal."""
    return formatting.percent(value, int(decimals))


@register.filter
def money(value: Any, currency: str = formatting.DEFAULT_CURRENCY) -> str:
    """An amount with its currency code."""
    return formatting.money(value, currency)


@register.filter
def day(value: Any) -> str:
    return formatting.day(value)


@register.filter
def moment(value: Any) -> str:
    return formatting.moment(value)


@register.filter
def shown(value: Any) -> str:
    """Any value as a reader sees it (numbers, dates, times, yes/no)."""
    return formatting.display(value)


@register.simple_tag
def figure(value: Any, label: str = "") -> str:
    """A dashboard figure: a percentage when its label says (%), else a number."""
    return formatting.figure(value, label)


@register.simple_tag
def register_rows(columns: Any, rows: list[tuple[Any, list[str]]]) -> SafeString:
    """The rows of a register's list page, written in one pass: what a template loop over rows
    and cells writes (a selection box, each cell escaped, the first and linked columns as links to
    the record), at a fraction of the cost on a page of fifty rows."""
    select = gettext("Select %(record)s")
    out = []
    for obj, cells in rows:
        url = ""
        out.append(
            f'<tr><td class="select"><input type="checkbox" name="ids" value="{escape(obj.pk)}" '
            f'aria-label="{escape(select % {"record": obj})}"></td>'
        )
        for index, (column, cell) in enumerate(zip(columns, cells, strict=True)):
            text = conditional_escape(cell)
            if column.link or index == 0:
                url = url or escape(obj.get_absolute_url())
                out.append(f'<td><a href="{url}">{text}</a></td>')
            else:
                out.append(f"<td>{text}</td>")
        out.append("</tr>\n")
    return mark_safe("".join(out))  # every value above is escaped
