"""Schemas of the compliance API beyond its registers' derived ones: reference data, file
versions, evidence links, starting an assessment and its per-requirement results."""
# Annotations stay evaluated: django-ninja reads the schema classes from them.

import datetime as dt
from typing import Annotated

from ninja import Field, FilterLookup, FilterSchema, Schema

from midora.compliance.models import (
    Regime,
    RequirementResult,
)


class FrameworkOut(Schema):
    code: str
    regime: str
    regulation: str
    consolidated_date: dt.date
    catalogue_version: str
    celex: str
    source_url: str


class RequirementOut(Schema):
    ref: str
    framework: str = Field(..., alias="framework.code")
    regime: str = Field(..., alias="framework.regime")
    parent: str | None = Field(None, alias="parent.ref")
    citation: str
    title: str
    summary: str
    area: str
    applies_when: dict
    applies_to_text: str
    evidence_examples: list[str]
    grouping: bool
    withdrawn: bool
    withdrawn_in: str


class RequirementFilter(FilterSchema):
    framework: Annotated[str | None, FilterLookup("framework__code")] = None
    regime: Annotated[Regime | None, FilterLookup("framework__regime")] = None
    area: str | None = None
    withdrawn: bool | None = None
    q: Annotated[str | None, FilterLookup(["ref__icontains", "title__icontains"])] = None


class ApplicabilityOut(Schema):
    entity_id: int
    requirement: str
    applies: bool
    reason: str


class EvidenceVersionOut(Schema):
    id: int
    evidence_id: int
    number: int
    sha256: str
    size: int
    original_name: str
    content_type: str
    uploaded_by_id: int | None
    uploaded_at: dt.datetime


class EvidenceLinkIn(Schema):
    evidence_id: int
    control_id: int
    note: str = ""


class EvidenceLinkOut(Schema):
    id: int
    evidence_id: int
    control_id: int
    control: str = Field(..., alias="control.code")
    note: str


class AssessmentStart(Schema):
    """Starting an assessment: its regime and scope (then fixed), results pre-filled."""

    title: str = Field(..., min_length=1, max_length=200)
    regime: Regime
    entity_ids: list[int] = Field(..., min_length=1)
    started_on: dt.date
    target_maturity: int | None = Field(3, ge=0, le=5)


class ResultPatch(Schema):
    version: int
    status: RequirementResult.Status | None = None
    current_maturity: int | None = Field(None, ge=0, le=5)
    target_maturity: int | None = Field(None, ge=0, le=5)
    rationale: str | None = None
    evidence_ids: list[int] | None = None


class ResultOut(Schema):
    id: int
    version: int
    assessment_id: int
    requirement: str = Field(..., alias="requirement.ref")
    area: str = Field(..., alias="requirement.area")
    status: str
    current_maturity: int | None
    target_maturity: int | None
    rationale: str
    suggested_status: str
    suggested_maturity: int | None
    suggestion: str
    applicability: str
    evidence_ids: list[int]

    @staticmethod
    def resolve_evidence_ids(obj: RequirementResult) -> list[int]:
        return sorted(e.pk for e in obj.evidence_considered.all())


class ResultFilter(FilterSchema):
    status: str | None = None
    area: Annotated[str | None, FilterLookup("requirement__area")] = None


class RemediationActionOut(Schema):
    id: int
    title: str
    entity_id: int
    due_date: dt.date | None
    status: str
    priority: str
    source_type: str
    source_id: str
    created: bool = False
