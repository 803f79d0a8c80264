"""Schemas of the compliance API."""
# Annotations stay evaluated: django-ninja reads the schema classes from them.

import datetime as dt
from typing import Annotated

from ninja import Field, FilterLookup, FilterSchema, Schema

from midora.compliance.models import (
    Assessment,
    Control,
    Evidence,
    Mapping,
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


class ControlIn(Schema):
    code: str = Field(..., min_length=1, max_length=30)
    title: str = Field(..., min_length=1, max_length=200)
    area: str = ""
    description: str = ""
    objective: str = ""
    control_type: Control.Type = Control.Type.PREVENTIVE
    frequency: Control.Frequency = Control.Frequency.ANNUAL
    expected_evidence: list[str] = []
    retired: bool = False
    entity_ids: list[int] = []


class ControlPatch(Schema):
    version: int
    title: str | None = Field(None, min_length=1, max_length=200)
    area: str | None = None
    description: str | None = None
    objective: str | None = None
    control_type: Control.Type | None = None
    frequency: Control.Frequency | None = None
    expected_evidence: list[str] | None = None
    retired: bool | None = None
    entity_ids: list[int] | None = None


class MappingBrief(Schema):
    id: int
    requirement: str = Field(..., alias="requirement.ref")
    coverage: str
    rationale: str


class ControlOut(Schema):
    id: int
    version: int
    code: str
    title: str
    area: str
    description: str
    objective: str
    control_type: str
    frequency: str
    expected_evidence: list[str]
    library_version: str
    retired: bool
    owner_id: int | None
    entity_ids: list[int]
    mica: list[MappingBrief]
    dora: list[MappingBrief]

    @staticmethod
    def resolve_entity_ids(obj: Control) -> list[int]:
        return sorted(e.pk for e in obj.entities.all())

    @staticmethod
    def resolve_mica(obj: Control) -> list[Mapping]:
        return [m for m in obj.mappings.all() if m.requirement.framework.regime == Regime.MICA]

    @staticmethod
    def resolve_dora(obj: Control) -> list[Mapping]:
        return [m for m in obj.mappings.all() if m.requirement.framework.regime == Regime.DORA]


class ControlFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(["code__icontains", "title__icontains"])] = None
    area: str | None = None
    retired: bool | None = None
    entity_id: Annotated[int | None, FilterLookup("entities")] = None


class MappingIn(Schema):
    control_id: int
    requirement: str = Field(..., description="Requirement identifier, e.g. DORA-30.3.e.i")
    coverage: Mapping.Coverage = Mapping.Coverage.PARTIAL
    rationale: str = Field(..., min_length=1)


class MappingPatch(Schema):
    version: int
    coverage: Mapping.Coverage | None = None
    rationale: str | None = Field(None, min_length=1)


class MappingOut(Schema):
    id: int
    version: int
    control_id: int
    control: str = Field(..., alias="control.code")
    requirement: str = Field(..., alias="requirement.ref")
    regime: str = Field(..., alias="requirement.framework.regime")
    coverage: str
    rationale: str
    source: str


class MappingFilter(FilterSchema):
    control_id: int | None = None
    requirement: Annotated[str | None, FilterLookup("requirement__ref")] = None
    regime: Annotated[Regime | None, FilterLookup("requirement__framework__regime")] = None
    coverage: Mapping.Coverage | None = None


class EvidenceIn(Schema):
    entity_id: int
    title: str = Field(..., min_length=1, max_length=200)
    kind: Evidence.Kind = Evidence.Kind.FILE
    category: Evidence.Category = Evidence.Category.RECORD
    description: str = ""
    location: str = ""
    effective_from: dt.date
    effective_to: dt.date | None = None
    next_review_on: dt.date | None = None
    review_interval_days: int = Field(365, ge=1)
    approved_by_id: int | None = None
    approved_on: dt.date | None = None


class EvidencePatch(Schema):
    version: int
    title: str | None = Field(None, min_length=1, max_length=200)
    category: Evidence.Category | None = None
    description: str | None = None
    location: str | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    next_review_on: dt.date | None = None
    review_interval_days: int | None = Field(None, ge=1)
    approved_by_id: int | None = None
    approved_on: dt.date | None = None


class EvidenceOut(Schema):
    id: int
    version: int
    entity_id: int
    title: str
    kind: str
    category: str
    description: str
    location: str
    effective_from: dt.date
    effective_to: dt.date | None
    next_review_on: dt.date | None
    review_interval_days: int
    approved_by_id: int | None
    approved_on: dt.date | None
    owner_id: int | None
    review_due_on: dt.date
    state: str

    @staticmethod
    def resolve_state(obj: Evidence) -> str:
        return obj.state().value


class EvidenceFilter(FilterSchema):
    entity_id: int | None = None
    category: Evidence.Category | None = None
    kind: Evidence.Kind | None = None
    q: Annotated[str | None, FilterLookup(["title__icontains", "location__icontains"])] = None


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


class AssessmentIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    regime: Regime
    entity_ids: list[int] = Field(..., min_length=1)
    started_on: dt.date
    target_maturity: int | None = Field(3, ge=0, le=5)


class AssessmentPatch(Schema):
    version: int
    title: str | None = Field(None, min_length=1, max_length=200)
    status: Assessment.Status | None = None
    completed_on: dt.date | None = None
    notes: str | None = None


class AssessmentOut(Schema):
    id: int
    version: int
    title: str
    regime: str
    status: str
    started_on: dt.date
    completed_on: dt.date | None
    notes: str
    owner_id: int | None
    entity_ids: list[int]

    @staticmethod
    def resolve_entity_ids(obj: Assessment) -> list[int]:
        return sorted(e.pk for e in obj.entities.all())


class AssessmentFilter(FilterSchema):
    regime: Regime | None = None
    status: Assessment.Status | None = None


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
