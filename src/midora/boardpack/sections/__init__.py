"""The sections of the board pack. Each module in this package with `ORDER`, `KEY`, `TITLE` and
`build(ctx) -> Section` is one section; they run in ORDER. A section whose source has no data says
so plainly (`Section.empty`) instead of showing zeros."""

from __future__ import annotations

import datetime as dt
import pkgutil
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any


@dataclass(frozen=True)
class RecordRef:
    """A record behind a figure: its identifier (printed) and its page (linked in the HTML)."""

    label: str
    url: str = ""


TABLE_ROWS = 20  # a board reads the first rows; the rest are counted and linked


@dataclass
class Table:
    """A table of the pack; rows beyond TABLE_ROWS are counted ("and N more") and linked to the
    register that holds them all, so the PDF stays tens of pages at any scale."""

    title: str
    columns: list[str]
    rows: list[list[Any]]  # cells are text or RecordRef
    more_url: str = ""  # the register listing every row
    more: int = 0  # rows left out

    def __post_init__(self) -> None:
        if len(self.rows) > TABLE_ROWS:
            self.more += len(self.rows) - TABLE_ROWS
            self.rows = self.rows[:TABLE_ROWS]


@dataclass
class Figure:
    key: str
    label: str
    value: Any
    records: list[RecordRef] = field(default_factory=list)
    change: Any = None  # filled from the previous pack


@dataclass
class Section:
    key: str
    title: str
    summary: str = ""
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    decisions_needed: list[str] = field(default_factory=list)
    empty: str | None = None

    def __post_init__(self) -> None:
        # a module's TITLE is translated lazily; the section keeps the text of the active language
        self.title = str(self.title)


@dataclass
class PackContext:
    """What a pack is about: the period, the entities in scope, and the user asking."""

    period_from: dt.date
    period_to: dt.date
    entity_ids: list[int]
    user: Any
    today: dt.date
    previous_figures: dict[str, Any] = field(default_factory=dict)

    def in_period(self, day: dt.date | dt.datetime | None) -> bool:
        if day is None:
            return False
        if isinstance(day, dt.datetime):
            day = day.date()
        return self.period_from <= day <= self.period_to


def section_modules() -> list[Any]:
    modules = [import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)]
    return sorted(
        (m for m in modules if hasattr(m, "build") and hasattr(m, "ORDER")), key=lambda m: m.ORDER
    )


def model_or_none(label: str) -> Any:
    """A model of another app, or None when that app does not define it (yet)."""
    from django.apps import apps

    try:
        return apps.get_model(label)
    except LookupError:
        return None
