"""REST endpoints of the testing programme, tests, findings and coverage."""

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, FilterLookup, FilterSchema, Router, Schema

from midora.core import permissions
from midora.core.api_crud import ErrorOut, crud_router
from midora.core.api_links import Link, editable_or_404, set_links
from midora.core.choices import Criticality
from midora.core.models import BusinessFunction
from midora.resilience.choices import Outcome, Severity, Tester, TestStatus, TestType
from midora.resilience.models import Finding, ResilienceTest, TestingProgramme
from midora.resilience.services import coverage_gaps


class ProgrammeIn(Schema):
    entity_id: int
    year: int = Field(..., ge=2000, le=2100)
    title: str = Field(..., min_length=1, max_length=200)
    approved_on: dt.date | None = None
    notes: str = ""


class ProgrammePatch(Schema):
    version: int
    year: int | None = Field(None, ge=2000, le=2100)
    title: str | None = Field(None, min_length=1, max_length=200)
    approved_on: dt.date | None = None
    notes: str | None = None


class ProgrammeOut(Schema):
    id: int
    version: int
    entity_id: int
    year: int
    title: str
    approved_on: dt.date | None
    notes: str


class ProgrammeFilter(FilterSchema):
    entity_id: int | None = None
    year: int | None = None


class TestIn(Schema):
    entity_id: int
    programme_id: int | None = None
    title: str = Field(..., min_length=1, max_length=200)
    test_type: TestType
    status: TestStatus = TestStatus.PLANNED
    planned_date: dt.date
    performed_date: dt.date | None = None
    tester: Tester = Tester.INTERNAL
    tester_name: str = ""
    outcome: Outcome | str = ""
    results: str = ""
    evidence_reference: str = ""


class TestPatch(Schema):
    version: int
    programme_id: int | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    test_type: TestType | None = None
    status: TestStatus | None = None
    planned_date: dt.date | None = None
    performed_date: dt.date | None = None
    tester: Tester | None = None
    tester_name: str | None = None
    outcome: Outcome | str | None = None
    results: str | None = None
    evidence_reference: str | None = None


class TestOut(Schema):
    id: int
    version: int
    entity_id: int
    programme_id: int | None
    title: str
    test_type: str
    status: str
    planned_date: dt.date
    performed_date: dt.date | None
    tester: str
    tester_name: str
    outcome: str
    results: str
    evidence_reference: str
    asset_ids: list[int]
    function_ids: list[int]
    provider_ids: list[int]

    @staticmethod
    def resolve_asset_ids(obj: ResilienceTest) -> list[int]:
        return sorted(obj.assets.values_list("pk", flat=True))

    @staticmethod
    def resolve_function_ids(obj: ResilienceTest) -> list[int]:
        return sorted(obj.functions.values_list("pk", flat=True))

    @staticmethod
    def resolve_provider_ids(obj: ResilienceTest) -> list[int]:
        return sorted(obj.providers.values_list("pk", flat=True))


class TestFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(["title__icontains"])] = None
    entity_id: int | None = None
    programme_id: int | None = None
    test_type: TestType | None = None
    status: TestStatus | None = None


class FindingIn(Schema):
    test_id: int
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    severity: Severity = Severity.MEDIUM


class FindingPatch(Schema):
    version: int
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    severity: Severity | None = None


class FindingOut(Schema):
    id: int
    version: int
    test_id: int
    title: str
    description: str
    severity: str
    action_id: int | None


class FindingFilter(FilterSchema):
    test_id: int | None = None
    severity: Severity | None = None


class GapOut(Schema):
    function_id: int
    identifier: str
    name: str
    entity_id: int
    last_tested: dt.date | None


router = Router()
router.add_router(
    "/programmes",
    crud_router(
        model=TestingProgramme,
        out_schema=ProgrammeOut,
        in_schema=ProgrammeIn,
        patch_schema=ProgrammePatch,
        filter_schema=ProgrammeFilter,
        tag="Testing programmes",
        ordering=("-year", "id"),
    ),
)
router.add_router(
    "/tests",
    crud_router(
        model=ResilienceTest,
        out_schema=TestOut,
        in_schema=TestIn,
        patch_schema=TestPatch,
        filter_schema=TestFilter,
        tag="Resilience tests",
        ordering=("-planned_date", "id"),
    ),
)
router.add_router(
    "/findings",
    crud_router(
        model=Finding,
        out_schema=FindingOut,
        in_schema=FindingIn,
        patch_schema=FindingPatch,
        filter_schema=FindingFilter,
        tag="Findings",
        ordering=("id",),
    ),
)


class TestScopeIn(Schema):
    """The full set of a test's scope links (an omitted list is left as it is)."""

    asset_ids: list[int] | None = None
    function_ids: list[int] | None = None
    provider_ids: list[int] | None = None


SCOPE_LINKS = {
    "asset_ids": Link("assets"),
    "function_ids": Link("functions"),
    "provider_ids": Link("providers", same_entity=False),
}


@router.put(
    "/tests/{int:pk}/scope",
    response={200: TestOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    tags=["Resilience tests"],
    summary="Set the assets, functions and providers in scope of a test",
    operation_id="resiliencetest_scope",
)
def test_scope(request: HttpRequest, pk: int, payload: TestScopeIn) -> ResilienceTest:
    test = editable_or_404(request, ResilienceTest, pk)
    set_links(request, test, payload.dict(exclude_unset=True), SCOPE_LINKS)
    return test


@router.get(
    "/coverage",
    response=list[GapOut],
    tags=["Resilience tests"],
    summary="Critical or important functions not tested in the last 12 months",
    operation_id="resilience_coverage",
)
def coverage(request: HttpRequest, entity_id: int | None = None, bcp_only: bool = False):
    permissions.require(
        permissions.can_read_registers(request.user), "Your role cannot read registers."
    )
    functions = permissions.scope(request.user, BusinessFunction.objects.all()).filter(
        criticality=Criticality.CRITICAL_OR_IMPORTANT
    )
    tests = permissions.scope(request.user, ResilienceTest.objects.all())
    if entity_id is not None:
        functions = functions.filter(entity_id=entity_id)
        tests = tests.filter(entity_id=entity_id)
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
