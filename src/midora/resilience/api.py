"""REST endpoints of the testing programme, tests, findings and coverage."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from midora.core.api_crud import register_router
from midora.core.api_scope import readable
from midora.core.choices import Criticality
from midora.core.models import BusinessFunction
from midora.resilience.models import ResilienceTest
from midora.resilience.registers import findings, programmes, tests
from midora.resilience.services import coverage_gaps


class CoverageGapOut(Schema):
    function_id: int
    identifier: str
    name: str
    entity_id: int
    last_tested: dt.date | None


router = Router()
router.add_router("/programmes", register_router(programmes, tag="Testing programmes"))
router.add_router(
    "/tests",
    register_router(
        tests,
        tag="Resilience tests",
        links_summary="Set the assets, functions and providers in scope of a test",
        links_path="scope",
    ),
)
router.add_router("/findings", register_router(findings, tag="Findings"))


@router.get(
    "/coverage",
    response=list[CoverageGapOut],
    tags=["Resilience tests"],
    summary="Critical or important functions not tested in the last 12 months",
    operation_id="resilience_coverage",
)
def coverage(request: HttpRequest, entity_id: int | None = None, bcp_only: bool = False):
    critical = BusinessFunction.objects.filter(criticality=Criticality.CRITICAL_OR_IMPORTANT)
    functions = readable(request, critical, entity_id)
    tests = readable(request, ResilienceTest.objects.all(), entity_id)
    gaps = coverage_gaps(functions, tests, timezone.localdate(), bcp_only=bcp_only)
    return [
        {
            "function_id": f.pk,
            "identifier": f.identifier,
            "name": f.name,
            "entity_id": f.entity_id,
            "last_tested": gap.last_tested,
        }
        for gap, f in gaps
    ]
