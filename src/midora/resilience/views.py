"""Pages of the resilience area: overview (plan against done) and coverage of critical functions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from midora.core import permissions
from midora.core.choices import Criticality
from midora.core.models import BusinessFunction, LegalEntity
from midora.core.views.area import area_records
from midora.resilience.choices import TestType
from midora.resilience.engine.coverage import one_year_before
from midora.resilience.models import Finding, ResilienceTest
from midora.resilience.registers import OPEN_REMEDIATION
from midora.resilience.services import coverage_gaps, plan_vs_done

NAV = "resilience/area_nav.html"
TYPE_LABELS = dict(TestType.choices)


@permissions.register_readers_only
def index(request: HttpRequest) -> HttpResponse:
    tests, entity = area_records(request, ResilienceTest.objects.all())
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    rows = [(TYPE_LABELS.get(r.test_type, r.test_type), r) for r in plan_vs_done(tests, year)]
    findings, _entity = area_records(request, Finding.objects.all())
    findings = OPEN_REMEDIATION.apply(findings, "true")
    return render(
        request,
        "resilience/index.html",
        {
            "area_nav": NAV,
            "year": year,
            "years": [today.year - 1, today.year, today.year + 1],
            "rows": rows,
            "planned": sum(r.planned for _l, r in rows),
            "done": sum(r.done for _l, r in rows),
            "open_findings": findings.count(),
            "critical_findings": findings.filter(severity="critical").count(),
            "entity": entity,
            "entities": permissions.scope(request.user, LegalEntity.objects.all()),
        },
    )


@permissions.register_readers_only
def coverage_page(request: HttpRequest) -> HttpResponse:
    functions, entity = area_records(
        request, BusinessFunction.objects.filter(criticality=Criticality.CRITICAL_OR_IMPORTANT)
    )
    tests, _ = area_records(request, ResilienceTest.objects.all())
    today = timezone.localdate()
    bcp_only = request.GET.get("bcp") == "1"
    gaps = coverage_gaps(functions, tests, today, bcp_only=bcp_only)
    return render(
        request,
        "resilience/coverage.html",
        {
            "area_nav": NAV,
            "gaps": gaps,
            "critical_count": functions.count(),
            "since": one_year_before(today),
            "today": today,
            "bcp_only": bcp_only,
            "entity": entity,
            "entities": permissions.scope(request.user, LegalEntity.objects.all()),
        },
    )
