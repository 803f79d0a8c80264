"""REST endpoints of reviews: schedules, access reviews and their exceptions (the generic CRUD of
each register, scoped by entity), completing a scheduled review and signing off an access review
(which makes it evidence for the IAM controls)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema

from midora.compliance.models import Evidence
from midora.core import permissions
from midora.core.api_crud import ErrorOut, register_router
from midora.core.api_links import editable_or_404
from midora.core.api_scope import get_scoped, readable
from midora.reviews.models import AccessReview, ReviewCompletion, ReviewSchedule
from midora.reviews.registers import access_exceptions, access_reviews, schedules
from midora.reviews.services import complete_schedule, sign_off

TAG_SCHEDULES = "Review schedules"
TAG_ACCESS = "Access reviews"

router = Router()
router.add_router("/schedules", register_router(schedules, tag=TAG_SCHEDULES))
router.add_router("/access-reviews", register_router(access_reviews, tag=TAG_ACCESS))
router.add_router("/access-exceptions", register_router(access_exceptions, tag=TAG_ACCESS))


class CompletionIn(Schema):
    """Completing a scheduled review: every checklist step must be listed as done."""

    completed_on: dt.date
    steps_done: list[str] = Field(default_factory=list)
    notes: str = ""
    evidence_id: int | None = Field(None, description="Evidence kept of the review (same entity).")


class CompletionOut(Schema):
    id: int
    schedule_id: int
    completed_on: dt.date
    steps_done: list[str]
    notes: str
    evidence_id: int | None
    next_due: dt.date
    owner_id: int | None


class SignOffIn(Schema):
    signed_on: dt.date | None = Field(None, description="Default: today.")


@router.get(
    "/schedules/{int:pk}/completions",
    response={200: list[CompletionOut], 404: ErrorOut},
    tags=[TAG_SCHEDULES],
    summary="The completions of a review schedule, latest first",
    operation_id="reviewschedule_completions",
)
def completions(request: HttpRequest, pk: int) -> list[ReviewCompletion]:
    schedule = get_scoped(request, ReviewSchedule.objects.all(), pk)
    return list(schedule.completions.order_by("-completed_on", "-pk"))


@router.post(
    "/schedules/{int:pk}/complete",
    response={201: CompletionOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    tags=[TAG_SCHEDULES],
    summary="Complete a scheduled review: records it and moves the next due date one interval on",
    operation_id="reviewschedule_complete",
)
def complete(request: HttpRequest, pk: int, payload: CompletionIn) -> tuple[int, ReviewCompletion]:
    schedule = editable_or_404(request, ReviewSchedule, pk)
    evidence = None
    if payload.evidence_id is not None:
        evidence = (
            readable(request, Evidence.objects.filter(entity=schedule.entity_id))
            .filter(pk=payload.evidence_id)
            .first()
        )
        if evidence is None:
            raise ValidationError(
                {
                    "evidence_id": f"Evidence {payload.evidence_id} is not one of the "
                    "schedule's entity in your scope."
                }
            )
    completion = complete_schedule(
        schedule, request.user, payload.completed_on, payload.steps_done, payload.notes, evidence
    )
    return 201, completion


@router.post(
    "/access-reviews/{int:pk}/sign-off",
    response={200: access_reviews.api_schemas.output, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    tags=[TAG_ACCESS],
    summary="Sign off an access review: it becomes evidence for the IAM controls and completes "
    "its schedule",
    operation_id="accessreview_sign_off",
)
def access_review_sign_off(
    request: HttpRequest, pk: int, payload: SignOffIn | None = None
) -> AccessReview:
    permissions.require_register_reader(request.user)
    review = editable_or_404(request, AccessReview, pk)
    on = payload.signed_on if payload is not None else None
    return sign_off(review, request.user, on)
