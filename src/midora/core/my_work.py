""" "My work": what is due for a person and their team, from every app's due items, limited to
the records the person may see, grouped as the home page shows them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from midora.core import permissions
from midora.core.due_registry import DueItem, due_items, event_types

HORIZON = dt.timedelta(days=30)
SHOWN = 12
SECTIONS = (
    ("reports", _("Reports due")),
    ("decisions", _("Decisions needed")),
    ("actions", _("Overdue actions")),
    ("evidence", _("Evidence to review")),
    ("acceptances", _("Risk acceptances expiring")),
    ("reviews", _("Reviews and tests due")),
    ("dossier", _("Authorisation dossier: assigned to you or your team")),
    ("other", _("Other things due")),
)


def countdown(due: dt.datetime | None, now: dt.datetime) -> str:
    """`in 3 h 20 min`, `in 12 days`, `overdue by 2 h`: how far the due moment is."""
    if due is None:
        return ""
    delta = due - now
    late = delta.total_seconds() < 0
    seconds = abs(int(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days >= 2:
        text = gettext("%(days)s days") % {"days": days}
    elif days == 1:
        text = gettext("1 day %(hours)s h") % {"hours": hours}
    elif hours:
        text = gettext("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    else:
        text = gettext("%(minutes)s min") % {"minutes": minutes}
    if late:
        return gettext("overdue by %(time)s") % {"time": text}
    return gettext("in %(time)s") % {"time": text}


@dataclass(frozen=True)
class WorkRow:
    item: DueItem
    mine: bool
    countdown: str
    overdue: bool


@dataclass
class WorkSection:
    key: str
    title: str
    rows: list[WorkRow] = field(default_factory=list)
    more: int = 0


def visible(user: Any, item: DueItem, board_only: bool, entity_ids: set[int] | None) -> bool:
    if board_only and not item.board:
        return False
    return entity_ids is None or item.entity_id is None or item.entity_id in entity_ids


def my_work(user: Any, now: dt.datetime) -> list[WorkSection]:
    """The sections with something due for this person (theirs first, then their team's)."""
    board_only = not permissions.can_read_registers(user)
    if board_only and not permissions.can_read_board(user):
        return []
    entity_ids = (
        None if permissions.sees_all_entities(user) else set(permissions.granted_entity_ids(user))
    )
    section_of = {key: event.section for key, event in event_types().items()}
    sections = {key: WorkSection(key, title) for key, title in SECTIONS}
    for item in due_items(now, HORIZON):
        if not visible(user, item, board_only, entity_ids):
            continue
        section = sections.get(section_of.get(item.event, "other"), sections["other"])
        late = item.due_at is not None and item.due_at < now
        section.rows.append(
            WorkRow(item, user.pk in item.owner_ids, countdown(item.due_at, now), late)
        )
    shown = []
    for section in sections.values():
        if not section.rows:
            continue
        section.rows.sort(key=lambda r: (not r.mine, not r.overdue, r.item.due_at or now))
        section.more = max(0, len(section.rows) - SHOWN)
        section.rows = section.rows[:SHOWN]
        shown.append(section)
    return shown
