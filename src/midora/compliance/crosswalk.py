"""The crosswalk: control x requirement per regime, coverage state, evidence behind each, reuse.

MiCA and DORA are computed and shown separately; the one figure that spans both is the reuse
count (evidence items supporting at least one requirement of each regime), which is a count of
shared operating evidence, never a claim that one law's requirement satisfies the other's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from midora.compliance.engine.freshness import EvidenceItem, EvidenceState, evidence_state
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
_RANK = {
    EvidenceState.CURRENT: 0,
    EvidenceState.DUE_SOON: 1,
    EvidenceState.STALE: 2,
    EvidenceState.MISSING: 3,
}


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
    evidence_ids: set[int] = field(default_factory=set)
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
        return [r for r in self.requirements.get(regime, []) if not r.evidence_ids]

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
    """The freshness state of each evidence item of the queryset."""
    states = {}
    fields = (
        "pk",
        "effective_from",
        "review_interval_days",
        "approved_on",
        "effective_to",
        "next_review_on",
    )
    for pk, start, interval, approved, end, next_review in evidence.values_list(*fields).iterator(
        chunk_size=5000
    ):
        item = EvidenceItem(
            str(pk),
            "",
            start,
            interval or 1,
            approved if approved and approved >= start else None,
            end,
            next_review,
        )
        states[pk] = evidence_state(item, today)
    return states


def _evidence_regimes_all(
    control_rows: dict[int, ControlRow], links: dict[int, list[int]], area: str
) -> dict[int, set[str]]:
    """For each evidence item in view, the regimes whose requirements its controls map to —
    over both regimes, so that a view filtered to one regime still counts reuse rightly."""
    mappings = Mapping.objects.filter(
        control_id__in=list(control_rows),
        requirement__withdrawn=False,
        requirement__grouping=False,
    )
    if area:
        mappings = mappings.filter(requirement__area=area)
    control_regimes: dict[int, set[str]] = defaultdict(set)
    for control_id, regime in mappings.values_list(
        "control_id", "requirement__framework__regime"
    ).distinct():
        control_regimes[control_id].add(regime)
    found: dict[int, set[str]] = defaultdict(set)
    for control_id, evidence_ids in links.items():
        for evidence_id in evidence_ids:
            found[evidence_id] |= control_regimes.get(control_id, set())
    return found


def build_crosswalk(
    controls: QuerySet,
    evidence: QuerySet,
    today: dt.date,
    regimes: list[str] | None = None,
    area: str = "",
) -> Crosswalk:
    """Assemble the crosswalk from the controls and evidence a user may see."""
    regimes = regimes or list(REGIMES)
    controls = controls.filter(retired=False)
    control_rows = {
        pk: ControlRow(pk, code, title, c_area, EvidenceState.MISSING, 0)
        for pk, code, title, c_area in controls.values_list("pk", "code", "title", "area")
    }
    states = evidence_states(evidence, today)
    links: dict[int, list[int]] = defaultdict(list)
    # links of controls in view; evidence outside the view is dropped by the `states` check
    for evidence_id, control_id in (
        EvidenceLink.objects.filter(control__in=controls.values("pk"))
        .values_list("evidence_id", "control_id")
        .iterator(chunk_size=5000)
    ):
        if evidence_id in states:
            links[control_id].append(evidence_id)
    for pk, row in control_rows.items():
        items = links.get(pk, [])
        row.evidence = len(items)
        if items:
            row.state = min((states[e] for e in items), key=_RANK.__getitem__)
    requirements = Requirement.objects.filter(
        withdrawn=False, grouping=False, framework__regime__in=regimes
    )
    if area:
        requirements = requirements.filter(area=area)
    rows: dict[int, RequirementRow] = {}
    regime_of: dict[int, str] = {}
    by_regime: dict[str, list[RequirementRow]] = {r: [] for r in regimes}
    for values in requirements.order_by("framework__code", "position").values_list(
        "pk", "ref", "title", "area", "citation", "framework__code", "framework__regime"
    ):
        row = RequirementRow(*values[:6])
        rows[row.pk] = row
        regime_of[row.pk] = values[6]
        by_regime[values[6]].append(row)
    mappings = Mapping.objects.filter(
        control_id__in=list(control_rows), requirement_id__in=list(rows)
    ).values_list("control_id", "requirement_id", "coverage", "requirement__ref")
    evidence_regimes: dict[int, set[str]] = defaultdict(set)
    for control_id, requirement_id, coverage, ref in mappings:
        control = control_rows[control_id]
        row = rows[requirement_id]
        regime = regime_of[requirement_id]
        row.controls.append(
            MappedControl(
                control_id, control.code, control.title, coverage, control.state, control.evidence
            )
        )
        evidence_ids = links.get(control_id, [])
        row.evidence_ids.update(evidence_ids)
        for evidence_id in evidence_ids:
            evidence_regimes[evidence_id].add(regime)
        target = control.mica if regime == Regime.MICA else control.dora
        target.append((ref, coverage))
    for row in rows.values():
        suggestion = suggest_status(
            {c.code: c.coverage for c in row.controls}, {c.code: c.state for c in row.controls}
        )
        row.state = _state_of(suggestion.status, suggestion.maturity)
        row.reason = suggestion.reason
        row.controls.sort(key=lambda c: c.code)
    if set(regimes) != set(REGIMES):
        evidence_regimes = _evidence_regimes_all(control_rows, links, area)
    return Crosswalk(
        requirements=by_regime,
        controls=sorted(control_rows.values(), key=lambda c: c.code),
        # reuse across both regimes, whichever regime the view is filtered to
        evidence_both=sum(1 for r in evidence_regimes.values() if len(r) > 1),
        evidence_by_regime={
            regime: sum(1 for r in evidence_regimes.values() if regime in r) for regime in regimes
        },
        evidence_total=len(states),
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
