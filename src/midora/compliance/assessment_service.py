"""Gap assessments: create one for a regime and scope, pre-fill suggestions, score, compare, act."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from midora.compliance.crosswalk import evidence_states
from midora.compliance.engine.freshness import EvidenceState
from midora.compliance.engine.maturity import (
    Comparison,
    RegimeScore,
    compare,
    score_regime,
    suggest_status,
)
from midora.compliance.engine.maturity import (
    RequirementResult as ResultFacts,
)
from midora.compliance.models import (
    Assessment,
    Control,
    Evidence,
    EvidenceLink,
    Mapping,
    Requirement,
    RequirementResult,
)
from midora.compliance.scoping import entity_scopes
from midora.core import audit, remediation
from midora.core.audit_bulk import update_in_bulk

SOURCE_TYPE = "compliance.requirementresult"
_RANK = [EvidenceState.CURRENT, EvidenceState.DUE_SOON, EvidenceState.STALE, EvidenceState.MISSING]


def control_states(
    entity_ids: Iterable[int], today: dt.date
) -> tuple[dict[int, EvidenceState], dict[int, list[int]]]:
    """Evidence state of each control from the scope's evidence, and the evidence behind it."""
    evidence = Evidence.objects.filter(entity_id__in=list(entity_ids))
    states = evidence_states(evidence, today)
    behind: dict[int, list[int]] = defaultdict(list)
    for evidence_id, control_id in EvidenceLink.objects.filter(evidence__in=evidence).values_list(
        "evidence_id", "control_id"
    ):
        behind[control_id].append(evidence_id)
    best = {
        control_id: min((states[e] for e in items), key=_RANK.index)
        for control_id, items in behind.items()
    }
    return best, behind


def suggestions_for(assessment: Assessment, results: list[RequirementResult]) -> None:
    """Fill suggested status, maturity and reason from the mapped controls' evidence freshness."""
    entity_ids = list(assessment.entities.values_list("pk", flat=True))
    today = timezone.localdate()
    states, _behind = control_states(entity_ids, today)
    controls = dict(
        Control.objects.filter(retired=False, entities__in=entity_ids)
        .distinct()
        .values_list("pk", "code")
    )
    mapped: dict[int, dict[str, str]] = defaultdict(dict)
    for control_id, requirement_id, coverage in Mapping.objects.filter(
        requirement_id__in=[r.requirement_id for r in results], control_id__in=list(controls)
    ).values_list("control_id", "requirement_id", "coverage"):
        mapped[requirement_id][controls[control_id]] = coverage
    code_states = {controls[c]: s for c, s in states.items() if c in controls}
    for result in results:
        suggestion = suggest_status(mapped.get(result.requirement_id, {}), code_states)
        result.suggested_status = suggestion.status.value
        result.suggested_maturity = suggestion.maturity
        result.suggestion = suggestion.reason
        result.suggestion_sentence = suggestion.reason.as_json()


def evidence_for(result: RequirementResult) -> list[int]:
    """Evidence of the assessment's scope linked to controls mapped to the requirement."""
    entity_ids = result.assessment.entities.values_list("pk", flat=True)
    return list(
        Evidence.objects.filter(
            entity_id__in=entity_ids,
            links__control__mappings__requirement_id=result.requirement_id,
            links__control__retired=False,
        )
        .distinct()
        .values_list("pk", flat=True)
    )


@transaction.atomic
def create_assessment(
    *,
    title: str,
    regime: str,
    entities: list,
    started_on: dt.date,
    owner=None,
    target_maturity: int | None = 3,
) -> Assessment:
    """An assessment with one result row per requirement applicable to any entity of the scope."""
    if not entities:
        raise ValueError("an assessment needs at least one legal entity in its scope")
    assessment = Assessment(title=title, regime=regime, started_on=started_on, owner=owner)
    assessment.full_clean(exclude=["entities"])
    assessment.save()
    assessment.entities.set(entities)
    reasons: dict[int, list[str]] = defaultdict(list)
    for scope in entity_scopes(entities, regime):
        for row in scope.applicable(regime):
            reasons[row.pk].append(f"{scope.entity.name}: {scope.outcomes[row.id].reason}")
    # the requirements themselves, so that suggestions and audit labels read them without a
    # query per result
    requirements = Requirement.objects.in_bulk(list(reasons))
    results = [
        RequirementResult(
            assessment=assessment,
            requirement=requirements[pk],
            applicability="\n".join(why),
            target_maturity=target_maturity,
            owner=owner,
        )
        for pk, why in reasons.items()
    ]
    suggestions_for(assessment, results)
    RequirementResult.objects.bulk_create(results)
    audit.record_created(results)
    return assessment


def refresh_suggestions(assessment: Assessment) -> int:
    results = list(assessment.results.all())
    suggestions_for(assessment, results)
    update_in_bulk(
        results, ["suggested_status", "suggested_maturity", "suggestion", "suggestion_sentence"]
    )
    return len(results)


def _facts(results: Iterable[RequirementResult], regime: str) -> list[ResultFacts]:
    return [
        ResultFacts(
            requirement_id=r.requirement.ref,
            regime=regime,
            area=r.requirement.area,
            status=r.status or None,
            current_maturity=r.current_maturity,
            target_maturity=r.target_maturity,
            justification=r.rationale or ("recorded" if r.status != "not_applicable" else ""),
        )
        for r in results
    ]


def results_of(assessment: Assessment):
    return assessment.results.select_related("requirement", "requirement__framework")


def scores(assessment: Assessment) -> RegimeScore | None:
    results = list(results_of(assessment))
    return score_regime(_facts(results, assessment.regime)) if results else None


def comparison(before: Assessment, after: Assessment) -> Comparison:
    """Change per requirement and area; refused across regimes (never blended)."""
    if before.regime != after.regime:
        raise ValueError(
            f"cannot compare a {before.get_regime_display()} assessment with a "
            f"{after.get_regime_display()} one: regimes are never blended"
        )
    return compare(
        _facts(results_of(before), before.regime), _facts(results_of(after), after.regime)
    )


def open_action(result: RequirementResult, user, due_in_days: int = 90):
    """A remediation Action for a gap (not met or partially met), on the scope's first entity."""
    if not result.is_gap:
        raise ValueError("only a requirement assessed as not met or partially met is a gap")
    entity = result.assessment.entities.order_by("name").first()
    requirement = result.requirement
    return remediation.open_action(
        remediation.ActionRequest(
            source_type=SOURCE_TYPE,
            source_id=str(result.pk),
            entity_id=entity.pk,
            title=f"Close gap {requirement.ref}: {requirement.title}",
            description=(
                f"{result.assessment}: {requirement.ref} ({requirement.citation}) assessed as "
                f"{result.get_status_display().lower()}.\n{result.rationale}".strip()
            ),
            due_date=timezone.localdate() + dt.timedelta(days=due_in_days),
            priority="high" if result.status == RequirementResult.Status.NOT_MET else "medium",
            owner=user,
        )
    )


def actions_for(results: Iterable[RequirementResult]) -> dict[int, object]:
    found = remediation.actions_for(SOURCE_TYPE, (r.pk for r in results))
    return {int(source_id): action for source_id, action in found.items()}
