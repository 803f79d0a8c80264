"""REST endpoints of remediation actions (with totals per source) and decisions."""

from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from midora.core.api_crud import ErrorOut, register_router
from midora.core.api_links import editable_or_404, set_links
from midora.core.api_schemas import register_links
from midora.core.api_scope import readable
from midora.governance.models import Action, Decision
from midora.governance.registers import actions, decisions
from midora.governance.services import by_source


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
router.add_router("/actions", register_router(actions, tag="Remediation actions"))
router.add_router("/decisions", register_router(decisions, tag="Decisions"))
DecisionOut = decisions.api_schemas.output


@router.get(
    "/sources",
    response=list[SourceOut],
    tags=["Remediation actions"],
    summary="Action totals per source (whatever opened them)",
    operation_id="action_sources",
)
def action_sources(request: HttpRequest, entity_id: int | None = None):
    return by_source(readable(request, Action.objects.all(), entity_id))


@router.put(
    "/decisions/{int:pk}/links",
    response={200: DecisionOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    tags=["Decisions"],
    summary="Set the actions and risks a decision covers",
    operation_id="decision_links",
)
def decision_links(request: HttpRequest, pk: int, payload: DecisionLinksIn) -> Decision:
    decision = editable_or_404(request, Decision, pk)
    set_links(request, decision, payload.dict(exclude_unset=True), register_links(decisions))
    return decision
