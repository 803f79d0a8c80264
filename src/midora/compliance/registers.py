"""How the compliance records are listed, filtered and shown (generic register machinery)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from midora.compliance.engine.catalogue_files import AREAS
from midora.compliance.forms import AssessmentForm, ControlForm, EvidenceForm, MappingForm
from midora.compliance.models import Assessment, Control, Evidence, Mapping, Regime
from midora.core.register_framework import (
    ENTITY_COLUMN,
    ENTITY_FILTER,
    ApiOutput,
    Column,
    Filter,
    Register,
    record_choices,
    static_choices,
    yes_no,
)

AREA_FILTER_CHOICES = static_choices([(a, a) for a in AREAS])
STATE_LABELS = {
    "current": _("Current"),
    "due_soon": _("Due for review soon"),
    "stale": _("Stale"),
    "missing": _("Missing"),
}


def _evidence_state(obj: Evidence) -> str:
    return str(STATE_LABELS[obj.state(timezone.localdate())])


def _latest(obj: Evidence) -> str:
    versions = sorted(obj.versions.all(), key=lambda v: -v.number)
    if not versions:
        return "—" if obj.kind == Evidence.Kind.REFERENCE else "no file yet"
    return f"v{versions[0].number} {versions[0].original_name}"


def _controls(obj: Evidence) -> str:
    return ", ".join(sorted(link.control.code for link in obj.links.all()))


def _regime_count(regime: str):
    def count(obj: Control) -> int:
        return sum(1 for m in obj.mappings.all() if m.requirement.framework.regime == regime)

    return count


def _mapping_regime(obj: Mapping) -> str:
    return obj.requirement.framework.get_regime_display()


def _regimes(_request: HttpRequest) -> list[tuple[str, str]]:
    return list(Regime.choices)


class MappingBrief(Schema):
    """A control's mapping as its output shows it, per regime."""

    id: int
    requirement: str = Field(..., alias="requirement.ref")
    coverage: str
    rationale: str


def _mapped(regime: str) -> ApiOutput:
    return ApiOutput(
        list[MappingBrief],
        lambda obj: [m for m in obj.mappings.all() if m.requirement.framework.regime == regime],
    )


controls = Register(
    model=Control,
    slug="controls",
    title=_("Control library"),
    columns=[
        Column("code", _("Code"), sort="code", link=True),
        Column("title", _("Title"), sort="title"),
        Column("area", _("Area"), sort="area"),
        Column("control_type", _("Type"), sort="control_type"),
        Column("frequency", _("Frequency"), sort="frequency"),
        Column("mica", _("MiCA mappings"), render=_regime_count(Regime.MICA)),
        Column("dora", _("DORA mappings"), render=_regime_count(Regime.DORA)),
        Column("retired", _("Retired"), sort="retired"),
        Column("owner", _("Owner")),
    ],
    form_class=ControlForm,
    search_fields=["code", "title", "description"],
    filters=[
        ENTITY_FILTER,
        Filter("area", _("Area"), "area", AREA_FILTER_CHOICES),
        Filter("type", _("Type"), "control_type", static_choices(Control.Type.choices)),
        Filter("retired", _("Retired"), "retired", yes_no),
    ],
    api_read_only=["library_version"],
    api_outputs={"mica": _mapped(Regime.MICA), "dora": _mapped(Regime.DORA)},
    ordering=["code"],
    select_related=["owner"],
    prefetch_related=["mappings__requirement__framework"],
    description=_("Controls of the CASP, each mapped separately to MiCA and to DORA requirements."),
)

mappings = Register(
    model=Mapping,
    slug="mappings",
    columns=[
        Column("control.code", _("Control"), sort="control__code", link=True),
        Column("requirement.ref", _("Requirement"), sort="requirement__ref"),
        Column("regime", _("Regime"), render=_mapping_regime),
        Column("requirement.title", _("Requirement title")),
        Column("coverage", _("Coverage"), sort="coverage"),
        Column("rationale", _("Rationale")),
        Column("source", _("Source"), sort="source"),
    ],
    form_class=MappingForm,
    search_fields=["control__code", "requirement__ref", "rationale"],
    filters=[
        Filter(
            "control",
            _("Control"),
            "control",
            record_choices(Control.objects.order_by("code"), "code"),
        ),
        Filter("regime", _("Regime"), "requirement__framework__regime", _regimes),
        Filter("coverage", _("Coverage"), "coverage", static_choices(Mapping.Coverage.choices)),
        Filter("source", _("Source"), "source", static_choices(Mapping.Source.choices)),
    ],
    api_keys={"requirement": "ref"},  # a requirement is named by its identifier (DORA-30.3.e.i)
    api_read_only=["source"],
    api_outputs={
        "control": ApiOutput(str, lambda obj: obj.control.code),
        "regime": ApiOutput(str, lambda obj: obj.requirement.framework.regime),
    },
    ordering=["control__code", "requirement__ref"],
    select_related=["control", "requirement__framework"],
    description=_(
        "Each mapping argues a control's support for one requirement in that law's terms."
    ),
)

evidence = Register(
    model=Evidence,
    slug="evidence",
    title=_("Evidence index"),
    columns=[
        Column("title", _("Title"), sort="title", link=True),
        ENTITY_COLUMN,
        Column("category", _("Category"), sort="category"),
        Column("kind", _("Kind"), sort="kind"),
        Column("location", _("Where it lives")),
        Column("owner", _("Owner")),
        Column("effective_from", _("Covers from"), sort="effective_from"),
        Column("effective_to", _("Covers to"), sort="effective_to"),
        Column("approved_on", _("Approved"), sort="approved_on"),
        Column("review_due_on", _("Review due")),
        Column("state", _("Freshness"), render=_evidence_state),
        Column("latest", _("Latest file"), render=_latest),
        Column("controls", _("Controls"), render=_controls),
    ],
    form_class=EvidenceForm,
    search_fields=["title", "description", "location", "versions__original_name"],
    api_outputs={
        "review_due_on": dt.date,
        "state": ApiOutput(str, lambda obj: obj.state().value),
    },
    filters=[
        ENTITY_FILTER,
        Filter("category", _("Category"), "category", static_choices(Evidence.Category.choices)),
        Filter("kind", _("Kind"), "kind", static_choices(Evidence.Kind.choices)),
    ],
    ordering=["entity__name", "title"],
    select_related=["entity", "owner"],
    prefetch_related=["versions", "links__control"],
    description=_(
        "Where the supporting policies, records and approvals live, and how fresh they are."
    ),
)

assessments = Register(
    model=Assessment,
    slug="assessments",
    title=_("Gap assessments"),
    columns=[
        Column("title", _("Title"), sort="title", link=True),
        Column("regime", _("Regime"), sort="regime"),
        Column("entities", _("Scope")),
        Column("status", _("Status"), sort="status"),
        Column("started_on", _("Started"), sort="started_on"),
        Column("completed_on", _("Completed"), sort="completed_on"),
        Column("owner", _("Assessor")),
    ],
    form_class=AssessmentForm,
    search_fields=["title", "notes"],
    api_read_only=["regime", "entities"],  # chosen when the assessment is started
    filters=[
        Filter("regime", _("Regime"), "regime", _regimes),
        Filter("status", _("Status"), "status", static_choices(Assessment.Status.choices)),
        ENTITY_FILTER,
    ],
    ordering=["-started_on"],
    select_related=["owner"],
    prefetch_related=["entities"],
    description=_("Gap assessments of one regime each; MiCA and DORA are always scored apart."),
)

REGISTERS = [controls, mappings, evidence, assessments]
