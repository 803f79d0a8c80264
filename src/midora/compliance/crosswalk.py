"""The crosswalk: control x requirement per regime, coverage state, evidence behind each, reuse.

MiCA and DORA are computed and shown separately; the one figure that spans both is the reuse
count (evidence items supporting at least one requirement of each regime), which is a count of
shared operating evidence, never a claim that one law's requirement satisfies the other's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from midora.compliance.engine.freshness import (
    DEFAULT_REVIEW_WINDOW_DAYS,
    EvidenceState,
    state_on,
)
from midora.compliance.engine.maturity import ResultStatus, suggest_status
from midora.compliance.models import Control, Evidence, EvidenceLink, Mapping, Regime, Requirement

REGIMES = [Regime.MICA, Regime.DORA]
STATE_LABELS = {
    "covered": _("Covered with fresh evidence"),
    "partial": _("Partly covered"),
    "unevidenced": _("Mapped, no fresh evidence"),
    "unmapped": _("No control mapped"),
}
STATE_BADGES = {"covered": "ok", "partial": "warn", "unevidenced": "bad", "unmapped": "bad"}


@dataclass
class MappedControl:
    control_id: int
    code: str
    title: str
    coverage: str
    state: EvidenceState
    evidence: int


@dataclass
class RequirementRow:
    pk: int
    ref: str
    title: str
    area: str
    citation: str
    framework: str
    controls: list[MappedControl] = field(default_factory=list)
    evidence: int = 0  # distinct evidence items behind its mapped controls
    state: str = "unmapped"
    reason: str = ""

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def badge(self) -> str:
        return STATE_BADGES[self.state]


@dataclass
class ControlRow:
    pk: int
    code: str
    title: str
    area: str
    state: EvidenceState
    evidence: int
    mica: list[tuple[str, str]] = field(default_factory=list)  # (ref, coverage)
    dora: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Crosswalk:
    requirements: dict[str, list[RequirementRow]]  # regime -> rows
    controls: list[ControlRow]
    evidence_both: int
    evidence_by_regime: dict[str, int]
    evidence_total: int

    def no_evidence(self, regime: str) -> list[RequirementRow]:
        return [r for r in self.requirements.get(regime, []) if not r.evidence]

    def counts(self, regime: str) -> dict[str, int]:
        out = dict.fromkeys(STATE_LABELS, 0)
        for row in self.requirements.get(regime, []):
            out[row.state] += 1
        return out


def _state_of(status: ResultStatus, maturity: int) -> str:
    if status is ResultStatus.MET:
        return "covered"
    if status is ResultStatus.PARTIALLY_MET:
        return "partial"
    return "unevidenced" if maturity > 0 else "unmapped"


def evidence_states(evidence: QuerySet, today: dt.date) -> dict[int, EvidenceState]:
    """The freshness state of each evidence item of the queryset (from its stored review date)."""
    return {
        pk: state_on(due, today)
        for pk, due in evidence.order_by().values_list("pk", "review_due_on").iterator(5000)
    }


def state_counts(evidence: QuerySet, today: dt.date) -> dict[str, int]:
    """How many items of the queryset are current, due for review soon and stale (counted by
    the database from the stored review dates)."""
    soon = today + dt.timedelta(days=DEFAULT_REVIEW_WINDOW_DAYS)
    counts = evidence.order_by().aggregate(
        current=Count("pk", filter=Q(review_due_on__gt=soon)),
        due_soon=Count("pk", filter=Q(review_due_on__gte=today, review_due_on__lte=soon)),
        stale=Count("pk", filter=Q(review_due_on__lt=today)),
    )
    return {state: counts[state] or 0 for state in ("current", "due_soon", "stale")}


def control_evidence(evidence: QuerySet, today: dt.date) -> dict[int, tuple[int, EvidenceState]]:
    """Per control: how many of the evidence items link to it, and its evidence state (the
    state of its latest review date), grouped by the database."""
    per_control = (
        EvidenceLink.objects.order_by()
        .filter(evidence__in=evidence.order_by().values("pk"))
        .values("control_id")
        .annotate(items=Count("evidence_id"), due=Max("evidence__review_due_on"))
    )
    return {row["control_id"]: (row["items"], state_on(row["due"], today)) for row in per_control}


def _linked_evidence(evidence: QuerySet, control_ids: set[int]) -> dict[int, set[int]]:
    """The ids of the evidence items behind each control in view (for counts without
    duplicates: per requirement and per regime)."""
    found: dict[int, set[int]] = defaultdict(set)
    links = EvidenceLink.objects.order_by().filter(evidence__in=evidence.order_by().values("pk"))
    # small chunks: the rows die young, so the garbage collector's full passes (tens of
    # milliseconds over a web process's heap) do not come every few requests
    for evidence_id, control_id in links.values_list("evidence_id", "control_id").iterator(100):
        if control_id in control_ids:
            found[control_id].add(evidence_id)
    return found


def build_crosswalk(
    controls: QuerySet,
    evidence: QuerySet,
    today: dt.date,
    regimes: list[str] | None = None,
    area: str = "",
) -> Crosswalk:
    """Assemble the crosswalk from the controls and evidence a user may see, in a fixed number
    of queries whatever the number of evidence items."""
    regimes = regimes or list(REGIMES)
    control_rows = {
        pk: ControlRow(pk, code, title, c_area, EvidenceState.MISSING, 0)
        for pk, code, title, c_area in controls.filter(retired=False).values_list(
            "pk", "code", "title", "area"
        )
    }
    for control_id, (items, state) in control_evidence(evidence, today).items():
        if control_id in control_rows:
            control_rows[control_id].evidence = items
            control_rows[control_id].state = state
    requirements = Requirement.objects.filter(
        withdrawn=False, grouping=False, framework__regime__in=regimes
    )
    if area:
        requirements = requirements.filter(area=area)
    rows: dict[int, RequirementRow] = {}
    by_regime: dict[str, list[RequirementRow]] = {r: [] for r in regimes}
    for values in requirements.order_by("framework__code", "position").values_list(
        "pk", "ref", "title", "area", "citation", "framework__code", "framework__regime"
    ):
        row = RequirementRow(*values[:6])
        rows[row.pk] = row
        by_regime[values[6]].append(row)
    # every mapping of the controls in view, in both regimes: reuse counts across both
    mappings = Mapping.objects.filter(
        control_id__in=list(control_rows),
        requirement__withdrawn=False,
        requirement__grouping=False,
        requirement__framework__regime__in=REGIMES,
    )
    if area:
        mappings = mappings.filter(requirement__area=area)
    regime_controls: dict[str, set[int]] = {regime: set() for regime in REGIMES}
    # in the model's order (control, then requirement), as the lists show them
    for control_id, requirement_id, coverage, ref, regime in mappings.values_list(
        "control_id",
        "requirement_id",
        "coverage",
        "requirement__ref",
        "requirement__framework__regime",
    ):
        regime_controls[regime].add(control_id)
        row = rows.get(requirement_id)
        if row is None:  # a requirement of the other regime
            continue
        control = control_rows[control_id]
        row.controls.append(
            MappedControl(
                control_id, control.code, control.title, coverage, control.state, control.evidence
            )
        )
        target = control.mica if regime == Regime.MICA else control.dora
        target.append((ref, coverage))
    linked = _linked_evidence(evidence, {pk for pk, c in control_rows.items() if c.evidence})
    for row in rows.values():
        row.controls.sort(key=lambda c: c.code)
        suggestion = suggest_status(
            {c.code: c.coverage for c in row.controls}, {c.code: c.state for c in row.controls}
        )
        row.state = _state_of(suggestion.status, suggestion.maturity)
        row.reason = suggestion.reason
        row.evidence = len(set().union(*(linked.get(c.control_id, ()) for c in row.controls)))
    supporting = {
        regime: set().union(*(linked.get(pk, ()) for pk in pks))
        for regime, pks in regime_controls.items()
    }
    return Crosswalk(
        requirements=by_regime,
        controls=sorted(control_rows.values(), key=lambda c: c.code),
        # reuse across both regimes, whichever regime the view is filtered to
        evidence_both=len(supporting[Regime.MICA] & supporting[Regime.DORA]),
        evidence_by_regime={regime: len(supporting[regime]) for regime in regimes},
        evidence_total=evidence.count(),
    )


def visible_records(user, entity_id: int | None = None) -> tuple[QuerySet, QuerySet]:
    """Controls and evidence in the user's scope, optionally narrowed to one entity."""
    from midora.core import permissions

    controls = permissions.scope(user, Control.objects.all())
    evidence = permissions.scope(user, Evidence.objects.all())
    if entity_id is not None:
        controls = controls.filter(entities=entity_id)
        evidence = evidence.filter(entity_id=entity_id)
    return controls, evidence
