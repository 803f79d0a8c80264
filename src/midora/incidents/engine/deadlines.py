"""Report deadlines for major incidents (Delegated Regulation (EU) 2025/301 Art 5)."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo

from midora.incidents.engine.facts import EntityProfile, Timeline, zone

FOUR_HOURS = timedelta(hours=4)
ONE_DAY = timedelta(hours=24)
SEVENTY_TWO_HOURS = timedelta(hours=72)
NOON = time(12, 0)
ONE_DAY_STEP = timedelta(days=1)
# RTS-R Art 5(5): no weekend relief for initial/intermediate reports of these entity types.
EXCLUDED_ENTITY_TYPES = frozenset(
    {"credit_institution", "central_counterparty", "operator_of_trading_venue", "trading_venue"}
)


class HolidayCalendar(Protocol):
    """Bank holidays that relieve a deadline (RTS-R Art 5(4)).

    Any provider will do: an explicit list, a Member State's public holidays, a competent
    authority's own calendar. The deadline functions take it as a parameter.
    """

    def is_holiday(self, day: date) -> bool: ...


class ExplicitHolidays:
    """Holidays given as a list (worked examples, competent-authority overrides)."""

    def __init__(self, days: Iterable[date]) -> None:
        self.days = frozenset(days)
        # `day in self.days`, asked without a Python call (it is asked for every deadline)
        self.is_holiday: Callable[[date], bool] = self.days.__contains__


class MemberStateHolidays:
    """Public holidays of a Member State from the `holidays` package (loaded once per year)."""

    def __init__(self, country: str, subdivision: str | None = None) -> None:
        self.country, self.subdivision = country, subdivision
        self._years: dict[int, object] = {}

    def is_holiday(self, day: date) -> bool:
        import holidays

        if day.year not in self._years:
            self._years[day.year] = holidays.country_holidays(
                self.country, subdiv=self.subdivision, years=day.year
            )
        return day in self._years[day.year]  # type: ignore[operator]


@lru_cache(maxsize=64)
def member_state_calendar(country: str, subdivision: str | None = None) -> MemberStateHolidays:
    """RTS-R Art 5(4): the Member State's public holidays, one shared calendar per State."""
    return MemberStateHolidays(country, subdivision)


@dataclass(slots=True)
class StageDeadline:
    """One report deadline: the base instant, the due instant after relief, and the rule."""

    stage: str
    rule: str
    base: datetime
    due: datetime
    weekend_relief: bool


def is_working_day(day: date, calendar: HolidayCalendar) -> bool:
    """RTS-R Art 5(4): not Saturday, Sunday or a bank holiday."""
    return day.weekday() < 5 and not calendar.is_holiday(day)


def apply_relief(
    base: datetime, tz: ZoneInfo, calendar: HolidayCalendar, eligible: bool
) -> tuple[datetime, bool]:
    """RTS-R Art 5(4): weekend or bank-holiday deadline moves to noon of the next working day."""
    local = base.astimezone(tz)
    if not eligible or is_working_day(local.date(), calendar):
        return local, False
    return next_working_noon(local.date(), tz, calendar), True


def next_working_noon(day: date, tz: ZoneInfo, calendar: HolidayCalendar) -> datetime:
    """RTS-R Art 5(4): noon of the first working day after `day` (kept for the next deadline
    that falls on the same day, in the same zone and calendar)."""
    key = day, tz, calendar
    try:
        known = _NOONS.get(key)
        kept = True
    except TypeError:  # a calendar that cannot be a key
        known, kept = None, False
    if known is not None:
        return known
    after = day + ONE_DAY_STEP
    while not is_working_day(after, calendar):
        after += ONE_DAY_STEP
    noon = datetime.combine(after, NOON, tzinfo=tz)
    if kept and len(_NOONS) < 4096:
        _NOONS[key] = noon
    return noon


_NOONS: dict[tuple[date, ZoneInfo, HolidayCalendar], datetime] = {}


def relief_for_initial_and_intermediate(
    entity: EntityProfile, first_report_at: datetime | None
) -> bool:
    """RTS-R Art 5(5)-(6): excluded entity types, NIS2 entities, and notified NCA decisions."""
    if entity.type in EXCLUDED_ENTITY_TYPES or entity.nis2_essential_or_important:
        return False
    if entity.nca_art_5_6_decision_notified:
        notified = entity.nca_decision_notified_at
        # The decision covers only incidents reported after the FE was notified of it.
        return notified is not None and first_report_at is not None and first_report_at < notified
    return True


def add_one_month(moment: datetime, tz: ZoneInfo) -> datetime:
    """Same local date and clock time next month, clamped to month end (reference §5.2)."""
    local = moment.astimezone(tz)
    year, month, day = local.year, local.month + 1, local.day
    if month == 13:
        year, month = year + 1, 1
    if day > 28:
        day = min(day, monthrange(year, month)[1])
    return datetime.combine(date(year, month, day), local.time(), tzinfo=tz)


def initial_base(aware_at: datetime, classified_at: datetime) -> tuple[datetime, str]:
    """RTS-R Art 5(1)(a) and 5(2): 4 h from classification, no later than 24 h from awareness."""
    if classified_at <= aware_at + ONE_DAY:
        return min(classified_at + FOUR_HOURS, aware_at + ONE_DAY), "RTS-R 5(1)(a)"
    return classified_at + FOUR_HOURS, "RTS-R 5(2)"


def report_deadlines(
    entity: EntityProfile,
    timeline: Timeline,
    calendar: HolidayCalendar,
    aware_at: datetime | None = None,
) -> dict[str, StageDeadline]:
    """RTS-R Art 5(1)-(6): deadlines of each stage whose anchor is known (actual submissions)."""
    return {s[0]: StageDeadline(*s) for s in deadline_stages(entity, timeline, calendar, aware_at)}


# A stage's deadline as plain values, in `StageDeadline` order: stage, rule, base, due, relief
# (results are written from these without building the objects).
Stage = tuple[str, str, datetime, datetime, bool]


def deadline_stages(
    entity: EntityProfile,
    timeline: Timeline,
    calendar: HolidayCalendar,
    aware_at: datetime | None = None,
) -> list[Stage]:
    """`report_deadlines` as plain values, in the order initial, intermediate, final."""
    tz = zone(entity.timezone) or ZoneInfo(entity.timezone)
    aware = aware_at or timeline.aware_at
    classified = timeline.classified_at or timeline.monthly_recurring_assessment_at
    first_report = timeline.initial_submitted_at or classified
    relief = relief_for_initial_and_intermediate(entity, first_report)
    out = []
    if aware is not None and classified is not None:
        base, rule = initial_base(aware, classified)
        out.append(_stage("initial", rule, base, tz, calendar, relief))
    if timeline.initial_submitted_at is not None:
        base = timeline.initial_submitted_at + SEVENTY_TWO_HOURS
        out.append(_stage("intermediate", "RTS-R 5(1)(b)", base, tz, calendar, relief))
    latest = timeline.latest_intermediate_submitted_at or timeline.intermediate_submitted_at
    if latest is not None:
        base = add_one_month(latest, tz)
        out.append(_stage("final", "RTS-R 5(1)(c)", base, tz, calendar, True))
    return out


def _stage(
    stage: str, rule: str, base: datetime, tz: ZoneInfo, calendar: HolidayCalendar, eligible: bool
) -> Stage:
    local = base.astimezone(tz)
    day = local.date()
    if not eligible or (day.weekday() < 5 and not calendar.is_holiday(day)):
        return stage, rule, local, local, False
    return stage, rule, local, next_working_noon(day, tz, calendar), True
