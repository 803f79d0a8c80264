"""Records of the testing programme as the coverage engine's dataclasses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from midora.core.choices import Criticality
from midora.core.models import BusinessFunction
from midora.resilience.choices import TestStatus
from midora.resilience.engine import coverage
from midora.resilience.models import ResilienceTest


def engine_functions(functions: QuerySet) -> list[coverage.BusinessFunction]:
    return [
        coverage.BusinessFunction(
            str(f.pk), f"{f.entity.name} · {f}", f.criticality == Criticality.CRITICAL_OR_IMPORTANT
        )
        for f in functions.select_related("entity")
    ]


def engine_tests(tests: QuerySet, known: set[str] | None = None) -> list[coverage.ResilienceTest]:
    links: dict[int, set[str]] = {}
    through = ResilienceTest.functions.through.objects.filter(resiliencetest__in=tests)
    for test_id, function_id in through.values_list("resiliencetest_id", "businessfunction_id"):
        links.setdefault(test_id, set()).add(str(function_id))
    result = []
    for test in tests.exclude(status=TestStatus.CANCELLED).only(
        "pk", "test_type", "status", "planned_date", "performed_date"
    ):
        ids = links.get(test.pk, set())
        result.append(
            coverage.ResilienceTest(
                str(test.pk),
                test.test_type,
                test.status,
                test.on,
                frozenset(ids if known is None else ids & known),
            )
        )
    return result


def coverage_gaps(
    functions: QuerySet, tests: QuerySet, as_of: dt.date, bcp_only: bool = False
) -> list[tuple[coverage.CoverageGap, Any]]:
    """Critical or important functions without a done test in the last 12 months."""
    items = engine_functions(functions)
    known = {f.id for f in items}
    gaps = coverage.untested_functions(
        items,
        engine_tests(tests, known),
        as_of,
        coverage.BCP_DR_TEST_TYPES if bcp_only else None,
    )
    records = BusinessFunction.objects.select_related("entity").in_bulk(
        [int(g.function.id) for g in gaps]
    )
    return [(gap, records[int(gap.function.id)]) for gap in gaps]


def plan_vs_done(tests: QuerySet, year: int) -> list[coverage.PlanVsDone]:
    return list(coverage.plan_vs_done(engine_tests(tests), year).values())
