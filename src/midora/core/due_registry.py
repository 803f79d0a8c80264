"""What falls due, contributed by each app: the registry read by notifications and "my work".

Each app may define `due.py` with `PROVIDER = DueProvider(...)` (or several in `PROVIDERS`):
a function `items(now, horizon)` that returns the `DueItem`s of its records falling due before
`now + horizon` (and those already overdue). The registry discovers them the way the CLI
discovers `commands.py`, so the apps that read it (notifications, the home page, reviews)
import no domain app: dependencies point one way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from typing import Any


@dataclass(frozen=True)
class EventType:
    """A kind of alert, with the lead times before the due moment at which it is sent."""

    key: str
    label: str
    leads: tuple[dt.timedelta, ...] = ()
    overdue: bool = True  # alert once more when the moment has passed
    at_once: bool = False  # alert as soon as the item appears (e.g. classified as major)
    section: str = "other"  # where "my work" lists it
    alert: bool = True  # False: listed in "my work" only, never sent
    owners_only: bool = False  # sent only to the item's owners (e.g. the person assigned)


@dataclass(frozen=True)
class DueItem:
    """One thing due for someone: what, for which record, by when, under which entity."""

    key: str  # stable per event and record, e.g. "incidents.incident:12:initial"
    event: str  # an EventType key
    title: str  # names the record; a Sentence, said in the reader's language on pages
    url: str  # the record's page
    entity_id: int | None
    due_at: dt.datetime | None
    owner_ids: tuple[int, ...] = ()  # the people who answer for it (owner, assignee, reviewer)
    detail: str = ""
    board: bool = False  # a decision for the management body (board members see it)


@dataclass(frozen=True)
class DueProvider:
    """A source of due items: the event types it raises and the function listing them."""

    name: str
    events: tuple[EventType, ...]
    items: Callable[[dt.datetime, dt.timedelta], Iterable[DueItem]]
    watch: tuple[str, ...] = field(default=())  # model labels whose saves trigger a check soon


def providers() -> list[DueProvider]:
    """Every provider of the installed midora apps, in app order."""
    from django.apps import apps

    found: list[DueProvider] = []
    for config in apps.get_app_configs():
        if config.name.startswith("midora.") and find_spec(f"{config.name}.due"):
            module = import_module(f"{config.name}.due")
            found += list(getattr(module, "PROVIDERS", ())) or [module.PROVIDER]
    return found


def event_types() -> dict[str, EventType]:
    return {event.key: event for provider in providers() for event in provider.events}


def due_items(now: dt.datetime, horizon: dt.timedelta) -> list[DueItem]:
    """Every item due before `now + horizon` (overdue ones included), soonest first."""
    items = [item for provider in providers() for item in provider.items(now, horizon)]
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(items, key=lambda i: (i.due_at or far, i.key))


def day_end(day: dt.date) -> dt.datetime:
    """A date-only deadline as a moment: the end of that day (UTC)."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=dt.UTC)


def owner_of(record: Any) -> tuple[int, ...]:
    """A record's owner as `DueItem.owner_ids` takes it: none when no one owns it."""
    return (record.owner_id,) if record.owner_id else ()
