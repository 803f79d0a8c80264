"""REST endpoints of remediation actions (with totals per source) and decisions."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, FilterLookup, FilterSchema, Router, Schema

from midora.core import permissions
from midora.core.api_crud import ErrorOut, crud_router
from midora.core.api_links import Link, editable_or_404, set_links
from midora.governance.models import Action, Decision
from midora.governance.services import by_source


class ActionIn(Schema):
    entity_id: int
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    due_date: dt.date | None = None
    status: Action.Status = Action.Status.OPEN
    priority: Action.Priority = Action.Priority.MEDIUM
    source_type: str = Field("", max_length=40)
    source_id: str = Field("", max_length=64)
    budget_needed: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    budget_approved: bool = False
    progress: int = Field(0, ge=0, le=100)
    closed_date: dt.date | None = None


class ActionPatch(Schema):
    version: int
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    due_date: dt.date | None = None
    status: Action.Status | None = None
    priority: Action.Priority | None = None
    source_type: str | None = Field(None, max_length=40)
    source_id: str | None = Field(None, max_length=64)
    budget_needed: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    budget_approved: bool | None = None
    progress: int | None = Field(None, ge=0, le=100)
    closed_date: dt.date | None = None


class ActionOut(Schema):
    id: int
    version: int
    entity_id: int
    title: str
    description: str
    due_date: dt.date | None
    status: str
    priority: str
    source_type: str
    source_id: str
    source_label: str
    budget_needed: Decimal | None
    budget_approved: bool
    progress: int
    closed_date: dt.date | None
    owner_id: int | None
    is_overdue: bool


class ActionFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(["title__icontains", "description__icontains"])] = None
    entity_id: int | None = None
    status: Action.Status | None = None
    priority: Action.Priority | None = None
    source_type: str | None = None
    source_id: str | None = None


class DecisionIn(Schema):
    entity_id: int
    reference: str = Field(..., min_length=1, max_length=40)
    date: dt.date
    body: str = "Management body"
    subject: str = Field(..., min_length=1, max_length=200)
    decision: str = Field(..., min_length=1)
    minutes_reference: str = ""


class DecisionPatch(Schema):
    version: int
    reference: str | None = Field(None, min_length=1, max_length=40)
    date: dt.date | None = None
    body: str | None = None
    subject: str | None = Field(None, min_length=1, max_length=200)
    decision: str | None = Field(None, min_length=1)
    minutes_reference: str | None = None


class DecisionOut(Schema):
    id: int
    version: int
    entity_id: int
    reference: str
    date: dt.date
    body: str
    subject: str
    decision: str
    minutes_reference: str
    action_ids: list[int]
    risk_ids: list[int]
    acceptance_ids: list[int]

    @staticmethod
    def resolve_action_ids(obj: Decision) -> list[int]:
        return sorted(obj.actions.values_list("pk", flat=True))

    @staticmethod
    def resolve_risk_ids(obj: Decision) -> list[int]:
        return sorted(obj.risks.values_list("pk", flat=True))

    @staticmethod
    def resolve_acceptance_ids(obj: Decision) -> list[int]:
        return sorted(obj.acceptances.values_list("pk", flat=True))


class DecisionFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(["reference__icontains", "subject__icontains"])] = None
    entity_id: int | None = None


class DecisionLinksIn(Schema):
    action_ids: list[int] | None = None
    risk_ids: list[int] | None = None


class SourceOut(Schema):
    source_type: str
    label: str
    total: int
    open: int
    finished: int
    overdue: int
    budget_needed: Decimal


router = Router()
router.add_router(
    "/actions",
    crud_router(
        model=Action,
        out_schema=ActionOut,
        in_schema=ActionIn,
        patch_schema=ActionPatch,
        filter_schema=ActionFilter,
        tag="Remediation actions",
        ordering=("due_date", "id"),
    ),
)
router.add_router(
    "/decisions",
    crud_router(
        model=Decision,
        out_schema=DecisionOut,
        in_schema=DecisionIn,
        patch_schema=DecisionPatch,
        filter_schema=DecisionFilter,
        tag="Decisions",
        ordering=("-date", "id"),
    ),
)


@router.get(
    "/sources",
    response=list[SourceOut],
    tags=["Remediation actions"],
    summary="Action totals per source (whatever opened them)",
    operation_id="action_sources",
)
def action_sources(request: HttpRequest, entity_id: int | None = None):
    permissions.require(
        permissions.can_read_registers(request.user), "Your role cannot read registers."
    )
    actions = permissions.scope(request.user, Action.objects.all())
    if entity_id is not None:
        actions = actions.filter(entity_id=entity_id)
    return by_source(actions)


DECISION_LINKS = {"action_ids": Link("actions"), "risk_ids": Link("risks")}


@router.put(
    "/decisions/{int:pk}/links",
    response={200: DecisionOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    tags=["Decisions"],
    summary="Set the actions and risks a decision covers",
    operation_id="decision_links",
)
def decision_links(request: HttpRequest, pk: int, payload: DecisionLinksIn) -> Decision:
    decision = editable_or_404(request, Decision, pk)
    set_links(request, decision, payload.dict(exclude_unset=True), DECISION_LINKS)
    return decision
