"""REST endpoints of remediation actions (with totals per source) and decisions."""

from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from midora.core.api_crud import register_router
from midora.core.api_scope import readable
from midora.governance.models import Action
from midora.governance.registers import actions, decisions
from midora.governance.services import by_source


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
router.add_router(
    "/decisions",
    register_router(
        decisions, tag="Decisions", links_summary="Set the actions and risks a decision covers"
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
    return by_source(readable(request, Action.objects.all(), entity_id))
