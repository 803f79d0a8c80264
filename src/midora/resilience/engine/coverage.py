"""Resilience testing coverage: untested critical or important functions, planned vs done.

A function counts as tested when a test with status ``done``, dated within the twelve months up
to and including the reference date (from the same calendar day one year earlier), has it in
scope. Planned tests and tests dated after the reference date never count.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# Test types that exercise business continuity and recovery plans (DORA Art. 11(6)).
BCP_DR_TEST_TYPES = frozenset({"bcp_exercise", "dr_exercise", "crisis_communication"})


class TestStatus(StrEnum):
    __test__ = False  # not a pytest test class

    PLANNED = "planned"
    DONE = "done"


@dataclass(frozen=True)
class BusinessFunction:
    id: str
    name: str
    critical_or_important: bool


@dataclass(frozen=True)
class ResilienceTest:
    __test__ = False  # not a pytest test class

    id: str
    test_type: str
    status: TestStatus
    on: date  # date performed (done) or scheduled (planned)
    function_ids: frozenset[str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", TestStatus(self.status))
        object.__setattr__(self, "function_ids", frozenset(self.function_ids))
        if not self.test_type.strip():
            raise ValueError(f"test {self.id!r}: test_type is required")


@dataclass(frozen=True)
class CoverageGap:
    function: BusinessFunction
    last_tested: date | None  # last done test in scope on or before the reference date


@dataclass(frozen=True)
class PlanVsDone:
    test_type: str
    planned: int  # every test of the type scheduled in the year, whatever its status
    done: int

    @property
    def outstanding(self) -> int:
        return self.planned - self.done

    @property
    def completion(self) -> float | None:
        return self.done / self.planned if self.planned else None


def one_year_before(as_of: date) -> date:
    """DORA Art. 24(6): the start of the twelve-month window ending on ``as_of``."""
    try:
        return as_of.replace(year=as_of.year - 1)
    except ValueError:  # 29 February
        return as_of.replace(year=as_of.year - 1, day=28)


def untested_functions(
    functions: Iterable[BusinessFunction],
    tests: Iterable[ResilienceTest],
    as_of: date,
    test_types: Collection[str] | None = None,
) -> list[CoverageGap]:
    """DORA Art. 24(6) (Art. 11(6) with BCP/DR types): CIFs not tested in the last 12 months."""
    functions = list(functions)
    known = {f.id for f in functions}
    start = one_year_before(as_of)
    last_done: dict[str, date] = {}
    for test in tests:
        unknown = test.function_ids - known
        if unknown:
            raise ValueError(f"test {test.id!r}: unknown function ids {sorted(unknown)}")
        if test.status is not TestStatus.DONE or test.on > as_of:
            continue
        if test_types is not None and test.test_type not in test_types:
            continue
        for function_id in test.function_ids:
            if function_id not in last_done or test.on > last_done[function_id]:
                last_done[function_id] = test.on
    gaps = [
        CoverageGap(f, last_done.get(f.id))
        for f in functions
        if f.critical_or_important and last_done.get(f.id, date.min) < start
    ]
    return sorted(gaps, key=lambda g: (g.last_tested or date.min, g.function.id))


def plan_vs_done(tests: Iterable[ResilienceTest], year: int) -> dict[str, PlanVsDone]:
    """DORA Art. 24(1)-(2) and Art. 25: tests planned and done per test type in a year."""
    counts: dict[str, list[int]] = {}
    for test in tests:
        if test.on.year != year:
            continue
        planned_done = counts.setdefault(test.test_type, [0, 0])
        planned_done[0] += 1
        if test.status is TestStatus.DONE:
            planned_done[1] += 1
    return {
        test_type: PlanVsDone(test_type, planned, done)
        for test_type, (planned, done) in sorted(counts.items())
    }
