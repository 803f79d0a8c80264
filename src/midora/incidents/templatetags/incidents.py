"""Template helpers of the incident pages: times in the entity's zone, badges for states."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django import template
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from midora.incidents import decision_point_names
from midora.incidents.engine import criteria
from midora.incidents.engine.flag_names import flag_name
from midora.incidents.engine.recurring import CONDITION_NAMES

register = template.Library()

STATE_BADGES = {
    "overdue": ("bad", _("Overdue")),
    "due_soon": ("warn", _("Due soon")),
    "due": ("dora", _("Due")),
    "sent": ("ok", _("Sent")),
    "sent_late": ("warn", _("Sent late")),
}


@register.filter
def local(value: dt.datetime | None, tz: str) -> str:
    """A moment in the given IANA time zone, e.g. `2025-03-11 15:30 CET`."""
    if value is None:
        return "—"
    return value.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M %Z")


@register.inclusion_tag("incidents/state_badge.html")
def state_badge(state: str) -> dict[str, str]:
    css, label = STATE_BADGES.get(state, ("", state))
    return {"css": css, "label": label}


@register.filter
def stage_label(stage: str) -> str:
    from midora.incidents.choices import Stage

    if stage in Stage.values:
        return str(Stage(stage).label)
    return stage.replace("_", " ").replace("-", " ").capitalize()


@register.filter
def criterion_name(key: str) -> str:
    """A classification criterion by its name ("Clients, counterparts and transactions")."""
    return gettext(criteria.criterion_name(key))


@register.filter
def criterion_article(key: str) -> str:
    """Where a classification criterion is laid down ("RTS 2024/1772 Art. 9(1)")."""
    return criteria.criterion_article(key)


@register.filter
def condition_name(key: str) -> str:
    """A condition of recurring incidents (RTS-C Art 8(2)) by its name."""
    return gettext(CONDITION_NAMES[key]) if key in CONDITION_NAMES else key.replace("_", " ")


@register.filter
def flag_label(code: str) -> str:
    """A review flag's name in the reader's language; its message says the rest."""
    return gettext(flag_name(code))


@register.filter
def decision_label(point: object) -> str:
    """A MiCA decision point's name in the reader's language."""
    return str(decision_point_names.decision_label(point))


@register.filter
def decision_guidance(point: object) -> str:
    """A MiCA decision point's guidance in the reader's language."""
    return str(decision_point_names.decision_guidance(point))
