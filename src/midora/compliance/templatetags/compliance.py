"""Template helpers of the compliance pages."""

from __future__ import annotations

from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from midora.core.sentences import say

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


def _quoted(key: object) -> str:
    """A URL key as Django's reverse() quotes it."""
    return quote(str(key), safe=RFC3986_SUBDELIMS + "/~:@")


def _prefixes() -> tuple[str, str]:
    """The detail pages' paths without their key: one reverse a page, not one a link."""
    control = reverse("compliance:control_detail", args=[0]).removesuffix("0/")
    requirement = reverse("compliance:requirement_detail", args=["X"]).removesuffix("X/")
    return control, requirement


def _badges() -> dict[str, str]:
    return {state: state_badge(state) for state in _STATES}


@register.simple_tag
def crosswalk_requirement_rows(rows: list) -> str:
    """The requirement rows of one crosswalk page, written in one pass (the longest table: as
    `{% url %}`, `state_badge` and autoescaping would write them, at a fraction of the cost)."""
    control_path, requirement_path = _prefixes()
    badges = _badges()
    none = _("none")
    none = f'<span class="muted">{escape(none)}</span>'
    out = []
    for row in rows:
        controls = "".join(
            f'<a href="{control_path}{c.control_id}/">{escape(c.code)}</a> '
            f'<span class="muted">{escape(c.coverage)}</span> {badges[c.state.value]}<br>'
            for c in row.controls
        )
        out.append(
            f'<tr><td><a href="{requirement_path}{_quoted(row.ref)}/">{escape(row.ref)}</a> '
            f"{escape(row.title)}</td><td>{escape(row.area)}</td>"
            f'<td><span class="badge {row.badge}" title="{escape(say(row.reason))}">'
            f"{escape(row.state_label)}</span></td>\n<td>{controls or none}</td>\n"
            f"<td>{row.evidence}</td></tr>\n"
        )
    return mark_safe("".join(out))  # every value above is escaped


def _refs(path: str, refs: list[tuple[str, str]], partial: str) -> str:
    if not refs:
        return '<span class="muted">—</span>'
    return "".join(
        f'<a href="{path}{_quoted(ref)}/">{escape(ref)}</a>{partial if cov == "partial" else ""} '
        for ref, cov in refs
    )


@register.simple_tag
def crosswalk_control_rows(controls: list) -> str:
    """The control rows of one crosswalk page (per control view)."""
    control_path, requirement_path = _prefixes()
    badges = _badges()
    partial = _("(p)")
    partial = f'<span class="muted">{escape(partial)}</span>'
    return mark_safe(  # every value below is escaped
        "".join(
            f'<tr><td><a href="{control_path}{c.pk}/">{escape(c.code)}</a> {escape(c.title)}'
            f"</td><td>{badges[c.state.value]} {c.evidence}</td>\n"
            f"<td>{_refs(requirement_path, c.mica, partial)}</td>\n"
            f"<td>{_refs(requirement_path, c.dora, partial)}</td></tr>\n"
            for c in controls
        )
    )
