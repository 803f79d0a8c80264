# Annotations stay evaluated here: django-ninja reads the schema classes from them.
"""Schemas of the authorisation API."""

import datetime as dt
from typing import Annotated

from ninja import Field, FilterLookup, FilterSchema, Schema

from midora.authorisation.choices import DossierStatus, ItemStatus


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


class ItemIdsIn(Schema):
    item_ids: list[int]
