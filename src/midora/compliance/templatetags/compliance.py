"""Template helpers of the compliance pages."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

register = template.Library()

_STATES = {
    "current": ("ok", _("current")),
    "due_soon": ("warn", _("due for review soon")),
    "stale": ("bad", _("stale")),
    "missing": ("bad", _("missing")),
}


@register.filter
def state_badge(state: object) -> str:
    """An evidence freshness state as a coloured badge (missing when unknown)."""
    css, label = _STATES.get(str(getattr(state, "value", state)), _STATES["missing"])
    return format_html('<span class="badge {}">{}</span>', css, label)
