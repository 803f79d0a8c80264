# Annotations stay evaluated here: django-ninja reads the schema classes from them.
"""Schemas of the authorisation API."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, FilterLookup, FilterSchema, Schema

from midora.authorisation.choices import (
    DossierStatus,
    FitAndProper,
    ItemStatus,
    PersonRole,
    RequestStage,
)
from midora.authorisation.permissions import can_see_personal_data


class DossierIn(Schema):
    entity_id: int
    title: str = Field("", max_length=200)


class DossierOut(Schema):
    id: int
    version: int
    entity_id: int
    title: str
    status: str
    received_on: dt.date | None
    acknowledged_on: dt.date | None
    complete_on: dt.date | None
    decided_on: dt.date | None
    baseline_at: dt.datetime | None


class DossierPatch(Schema):
    version: int
    title: str | None = Field(None, max_length=200)
    status: DossierStatus | None = None
    received_on: dt.date | None = None
    acknowledged_on: dt.date | None = None
    complete_on: dt.date | None = None
    decided_on: dt.date | None = None
    notes: str | None = None


class ItemOut(Schema):
    id: int
    version: int
    dossier_id: int
    ref: str = Field(..., alias="requirement.ref")
    article: str = Field(..., alias="requirement.article")
    title: str = Field(..., alias="requirement.title")
    answer: str
    status: str
    owner_id: int | None
    reviewer_id: int | None
    approved_by_id: int | None
    approved_at: dt.datetime | None
    needs_review: bool
    review_reason: str
    applies: bool


class ItemPatch(Schema):
    version: int
    answer: str | None = None
    owner_id: int | None = None
    reviewer_id: int | None = None
    status: ItemStatus | None = Field(
        None, description="drafted, in_review or not_started; approve with POST .../approve"
    )


class VersionIn(Schema):
    version: int


class ItemFilter(FilterSchema):
    dossier_id: int | None = None
    status: ItemStatus | None = None
    article: Annotated[str | None, FilterLookup("requirement__article")] = None
    needs_review: bool | None = None


class AttachmentIn(Schema):
    evidence_id: int
    statement: str = Field(..., min_length=1)


class AttachmentOut(Schema):
    id: int
    evidence_id: int
    evidence_title: str = Field(..., alias="evidence.title")
    pinned_version_id: int | None
    pinned_version_number: int | None = Field(None, alias="pinned_version.number")
    sha256: str | None = Field(None, alias="pinned_version.sha256")
    statement: str


class CommentIn(Schema):
    text: str = Field(..., min_length=1)


class CommentOut(Schema):
    id: int
    text: str
    owner_id: int | None
    created_at: dt.datetime


class RequestIn(Schema):
    dossier_id: int
    reference: str = Field(..., min_length=1, max_length=60)
    stage: RequestStage = RequestStage.ASSESSMENT
    sent_on: dt.date
    due_on: dt.date | None = None
    question: str = Field(..., min_length=1)
    answered_on: dt.date | None = None
    response: str = ""


class RequestPatch(Schema):
    version: int
    reference: str | None = Field(None, min_length=1, max_length=60)
    stage: RequestStage | None = None
    sent_on: dt.date | None = None
    due_on: dt.date | None = None
    question: str | None = Field(None, min_length=1)
    answered_on: dt.date | None = None
    response: str | None = None


class RequestOut(Schema):
    id: int
    version: int
    dossier_id: int
    reference: str
    stage: str
    sent_on: dt.date
    due_on: dt.date | None
    question: str
    answered_on: dt.date | None
    response: str
    item_ids: list[int]

    @staticmethod
    def resolve_item_ids(obj: Any) -> list[int]:
        return [i.pk for i in obj.items.all()]


class RequestFilter(FilterSchema):
    dossier_id: int | None = None
    stage: RequestStage | None = None
    open: Annotated[bool | None, FilterLookup("answered_on__isnull")] = None


class ItemIdsIn(Schema):
    item_ids: list[int]


class PersonIn(Schema):
    entity_id: int
    full_name: str = Field(..., min_length=1, max_length=200)
    role: PersonRole
    position: str = Field("", max_length=200)
    appointed_on: dt.date | None = None
    ended_on: dt.date | None = None
    holding_percent: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)
    fit_and_proper: FitAndProper = FitAndProper.NOT_ASSESSED
    assessed_on: dt.date | None = None
    birth_name: str = Field("", max_length=200)
    date_of_birth: dt.date | None = None
    nationality: str = Field("", max_length=60)
    address: str = ""
    assessment_notes: str = ""


class PersonPatch(Schema):
    version: int
    full_name: str | None = Field(None, min_length=1, max_length=200)
    role: PersonRole | None = None
    position: str | None = Field(None, max_length=200)
    appointed_on: dt.date | None = None
    ended_on: dt.date | None = None
    holding_percent: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)
    fit_and_proper: FitAndProper | None = None
    assessed_on: dt.date | None = None
    birth_name: str | None = Field(None, max_length=200)
    date_of_birth: dt.date | None = None
    nationality: str | None = Field(None, max_length=60)
    address: str | None = None
    assessment_notes: str | None = None


def _personal(name: str):  # type: ignore[no-untyped-def]
    def resolve(obj: Any, context: Any) -> Any:
        request = context.get("request") if context else None
        return getattr(obj, name) if request and can_see_personal_data(request.user) else None

    return staticmethod(resolve)


class PersonOut(Schema):
    """Personal data fields are null unless the caller's role may see them."""

    id: int
    version: int
    entity_id: int
    full_name: str
    role: str
    position: str
    appointed_on: dt.date | None
    ended_on: dt.date | None
    holding_percent: Decimal | None
    fit_and_proper: str
    assessed_on: dt.date | None
    birth_name: str | None = None
    date_of_birth: dt.date | None = None
    nationality: str | None = None
    address: str | None = None
    assessment_notes: str | None = None

    resolve_birth_name = _personal("birth_name")
    resolve_date_of_birth = _personal("date_of_birth")
    resolve_nationality = _personal("nationality")
    resolve_address = _personal("address")
    resolve_assessment_notes = _personal("assessment_notes")


class PersonFilter(FilterSchema):
    entity_id: int | None = None
    role: PersonRole | None = None
    fit_and_proper: FitAndProper | None = None
