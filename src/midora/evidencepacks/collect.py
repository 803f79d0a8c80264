"""Resolving a selection into the records a pack holds, within what the builder may read.

Every query goes through `midora.core.permissions.scope` and the chosen entities, so a pack never
holds a record its builder could not open in the web UI. Catalogue requirements are reference
data and readable by everyone who reads registers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext

from midora.compliance.evidence_store import sanitise_filename
from midora.compliance.models import (
    Assessment,
    Control,
    Evidence,
    EvidenceLink,
    EvidenceVersion,
    Mapping,
    Requirement,
    RequirementResult,
)
from midora.core import permissions
from midora.core.choices import Role
from midora.core.models import LegalEntity
from midora.evidencepacks.engine.selection import Selection, SelectionError, pinned_versions
from midora.evidencepacks.extensions import ExtraContent, dossier_content
from midora.governance.models import Action
from midora.incidents.models import Classification, Incident, IncidentReport, MicaDecision
from midora.resilience.models import Finding, ResilienceTest

BUILDER_ROLES = {Role.ADMINISTRATOR, Role.COMPLIANCE_MANAGER, Role.AUDITOR}
TESTING_AREA = "Resilience (testing, BCP/DR)"
INCIDENT_AREA = "Incidents"


def can_build(user: Any) -> bool:
    """Compliance managers and auditors (and administrators) build packs within their entities."""
    return permissions.role_of(user) in BUILDER_ROLES


@dataclass
class EvidenceFile:
    version: EvidenceVersion
    path: str
    controls: list[str]
    requirements: list[str]


@dataclass
class PackContent:
    selection: Selection
    entities: list[LegalEntity]
    requirements: list[Requirement] = field(default_factory=list)
    controls: list[Control] = field(default_factory=list)
    mappings: list[Mapping] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    links: list[EvidenceLink] = field(default_factory=list)
    files: list[EvidenceFile] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    results: list[RequirementResult] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    classifications: list[Classification] = field(default_factory=list)
    reports: list[IncidentReport] = field(default_factory=list)
    mica_decisions: list[MicaDecision] = field(default_factory=list)
    tests: list[ResilienceTest] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    extra: dict[str, list[models.Model]] = field(default_factory=dict)

    def record_sets(self) -> dict[str, list[models.Model]]:
        """Every record the pack describes, by the name of its records/*.json file."""
        sets = {
            "entities": self.entities,
            "requirements": self.requirements,
            "controls": self.controls,
            "mappings": self.mappings,
            "evidence": self.evidence,
            "evidence_versions": [f.version for f in self.files],
            "evidence_links": self.links,
            "assessments": self.assessments,
            "results": self.results,
            "incidents": self.incidents,
            "classifications": self.classifications,
            "incident_reports": self.reports,
            "mica_decisions": self.mica_decisions,
            "tests": self.tests,
            "findings": self.findings,
            "actions": self.actions,
        }
        sets.update(self.extra)
        return sets


def _scoped(user: Any, queryset: models.QuerySet) -> models.QuerySet:
    return permissions.scope(user, queryset)


def _entities(user: Any, selection: Selection) -> list[LegalEntity]:
    ids = permissions.granted_entity_ids(user)
    granted = LegalEntity.objects.filter(pk__in=ids).order_by("name")
    if selection.entity:
        chosen = granted.filter(lei=selection.entity).first()
        if chosen is None:
            raise SelectionError(f"entity: no legal entity {selection.entity} in your scope")
        return [chosen]
    if not granted:
        raise SelectionError("you are granted no legal entity")
    return list(granted)


def _in_period(selection: Selection, start: str, end: str | None = None) -> Q:
    """Records whose [start, end] dates overlap the selection's period (open ends allowed)."""
    query = Q()
    if selection.period_to:
        query &= Q(**{f"{start}__lte": selection.period_to})
    if selection.period_from:
        last = end or start
        query &= Q(**{f"{last}__gte": selection.period_from}) | Q(**{f"{last}__isnull": True})
    return query


def _requirements(
    selection: Selection, assessment: Assessment | None, extra: list[Requirement]
) -> list[Requirement]:
    base = Requirement.objects.select_related("framework")
    chosen: dict[int, Requirement] = {}
    if extra:
        chosen.update({r.pk: r for r in base.filter(pk__in=[r.pk for r in extra])})
    if selection.requirements:
        found = {r.ref: r for r in base.filter(ref__in=selection.requirements)}
        unknown = [ref for ref in selection.requirements if ref not in found]
        if unknown:
            raise SelectionError(f"requirements: unknown identifier(s) {', '.join(unknown)}")
        chosen.update({r.pk: r for r in found.values()})
    if selection.regime or selection.area:
        query = base.filter(grouping=False, withdrawn=False)
        if selection.regime:
            query = query.filter(framework__regime=selection.regime)
        if selection.area:
            query = query.filter(area__iexact=selection.area)
        matched = list(query)
        if not matched:
            raise SelectionError(
                "no current requirement matches "
                + " and ".join(
                    x for x in (selection.regime, selection.area and f"area {selection.area}") if x
                )
            )
        chosen.update({r.pk: r for r in matched})
    if assessment is not None:
        chosen.update({r.pk: r for r in base.filter(results__assessment=assessment)})
    return sorted(chosen.values(), key=lambda r: (r.framework.regime, r.framework.code, r.position))


def _assessment(user: Any, selection: Selection, entity_ids: list[int]) -> Assessment | None:
    if not selection.assessment:
        return None
    found = (
        _scoped(user, Assessment.objects.all())
        .filter(pk=selection.assessment, entities__in=entity_ids)
        .first()
    )
    if found is None:
        raise SelectionError(f"assessment: no assessment #{selection.assessment} in your scope")
    return found


def _controls(
    user: Any, selection: Selection, entity_ids: list[int], requirements: list[Requirement]
) -> list[Control]:
    visible = _scoped(user, Control.objects.all()).filter(entities__in=entity_ids)
    chosen: dict[int, Control] = {}
    if selection.controls:
        found = {c.code: c for c in visible.filter(code__in=selection.controls)}
        unknown = [code for code in selection.controls if code not in found]
        if unknown:
            raise SelectionError(f"controls: no control {', '.join(unknown)} in your scope")
        chosen.update({c.pk: c for c in found.values()})
    if requirements:
        mapped = visible.filter(retired=False, mappings__requirement__in=requirements)
        chosen.update({c.pk: c for c in mapped})
    return sorted(chosen.values(), key=lambda c: c.code)


def _pinned_files(
    evidence: list[Evidence], selection: Selection, supports: dict[int, tuple[list, list]]
) -> list[EvidenceFile]:
    by_item: dict[int, list[EvidenceVersion]] = defaultdict(list)
    versions = EvidenceVersion.objects.filter(evidence__in=[e.pk for e in evidence]).select_related(
        "evidence__entity", "evidence__approved_by"
    )
    for version in versions.order_by("evidence_id", "number"):
        by_item[version.evidence_id].append(version)
    files = []
    for item in evidence:
        numbers = pinned_versions(
            [(v.number, v.uploaded_at.date()) for v in by_item[item.pk]],
            selection.period_from,
            selection.period_to,
        )
        for version in by_item[item.pk]:
            if version.number in numbers:
                name = sanitise_filename(version.original_name)
                controls, requirements = supports.get(item.pk, ([], []))
                files.append(
                    EvidenceFile(
                        version,
                        f"evidence/E{item.pk}/v{version.number}-{name}",
                        controls,
                        requirements,
                    )
                )
    return files


def _evidence(
    user: Any,
    selection: Selection,
    entity_ids: list[int],
    content: PackContent,
    considered: set[int],
) -> None:
    control_ids = [c.pk for c in content.controls]
    visible = _scoped(user, Evidence.objects.all()).filter(entity__in=entity_ids)
    visible = visible.filter(Q(links__control__in=control_ids) | Q(pk__in=considered))
    items = list(
        visible.filter(_in_period(selection, "effective_from", "effective_to"))
        .select_related("entity", "approved_by")
        .distinct()
        .order_by("pk")
    )
    content.evidence = items
    content.links = list(
        EvidenceLink.objects.filter(evidence__in=items, control__in=control_ids)
        .select_related("control", "evidence")
        .order_by("pk")
    )
    reqs_by_control: dict[int, set[str]] = defaultdict(set)
    for mapping in content.mappings:
        reqs_by_control[mapping.control_id].add(mapping.requirement.ref)
    supports: dict[int, tuple[list, list]] = {}
    for link in content.links:
        controls, refs = supports.setdefault(link.evidence_id, ([], []))
        controls.append(link.control.code)
        refs.extend(sorted(reqs_by_control[link.control_id] - set(refs)))
    for result in content.results:
        for evidence_id in getattr(result, "_considered", ()):
            refs = supports.setdefault(evidence_id, ([], []))[1]
            if result.requirement.ref not in refs:
                refs.append(result.requirement.ref)
    content.files = _pinned_files(items, selection, supports)


def _results(
    user: Any,
    selection: Selection,
    entity_ids: list[int],
    assessment: Assessment | None,
    requirements: list[Requirement],
) -> tuple[list[Assessment], list[RequirementResult]]:
    results = RequirementResult.objects.select_related("requirement", "assessment")
    if assessment is not None:
        results = results.filter(assessment=assessment)
    else:
        assessments = _scoped(user, Assessment.objects.all()).filter(
            entities__in=entity_ids, regime__in={r.framework.regime for r in requirements}
        )
        assessments = assessments.filter(_in_period(selection, "started_on", "completed_on"))
        results = results.filter(assessment__in=assessments, requirement__in=requirements)
    found = list(results.prefetch_related("evidence_considered").order_by("assessment_id", "pk"))
    for result in found:
        result._considered = [e.pk for e in result.evidence_considered.all()]
    chosen = {r.assessment_id: r.assessment for r in found}
    if assessment is not None:
        chosen[assessment.pk] = assessment
    return sorted(chosen.values(), key=lambda a: a.pk), found


def _incidents(
    user: Any, selection: Selection, entity_ids: list[int], areas: set[str]
) -> list[Incident]:
    visible = _scoped(user, Incident.objects.all()).filter(entity__in=entity_ids)
    chosen: dict[int, Incident] = {}
    if selection.incident:
        found = list(visible.filter(reference=selection.incident))
        if not found:
            raise SelectionError(f"incident: no incident {selection.incident} in your scope")
        if len(found) > 1:
            raise SelectionError(
                f"incident: several entities have an incident {selection.incident}; "
                "choose the entity too"
            )
        chosen[found[0].pk] = found[0]
    if INCIDENT_AREA in areas:
        window = Q()
        if selection.period_from:
            window &= Q(detected_at__date__gte=selection.period_from)
        if selection.period_to:
            window &= Q(detected_at__date__lte=selection.period_to)
        chosen.update({i.pk: i for i in visible.filter(window)})
    return sorted(chosen.values(), key=lambda i: i.pk)


def _tests(
    user: Any, selection: Selection, entity_ids: list[int], areas: set[str]
) -> list[ResilienceTest]:
    if TESTING_AREA not in areas:
        return []
    visible = _scoped(user, ResilienceTest.objects.all()).filter(entity__in=entity_ids)
    window = Q()
    if selection.period_from:
        window &= Q(performed_date__gte=selection.period_from) | Q(
            performed_date__isnull=True, planned_date__gte=selection.period_from
        )
    if selection.period_to:
        window &= Q(performed_date__lte=selection.period_to) | Q(
            performed_date__isnull=True, planned_date__lte=selection.period_to
        )
    return list(visible.filter(window).order_by("pk"))


def _actions(user: Any, entity_ids: list[int], content: PackContent) -> list[Action]:
    sources = Q()
    for source_type, records in (
        ("compliance.requirementresult", content.results),
        ("resilience.finding", content.findings),
        ("incidents.incident", content.incidents),
    ):
        if records:
            sources |= Q(source_type=source_type, source_id__in=[str(r.pk) for r in records])
    found = {a.pk: a for a in Action.objects.filter(pk__in=[f.action_id for f in content.findings])}
    if sources:
        found.update({a.pk: a for a in Action.objects.filter(sources)})
    visible = _scoped(user, Action.objects.filter(pk__in=list(found))).filter(entity__in=entity_ids)
    return list(visible.order_by("pk"))


def collect(user: Any, selection: Selection, today: dt.date | None = None) -> PackContent:
    """Every record and evidence version the selection covers that `user` may read."""
    if not can_build(user):
        raise permissions.PermissionDenied(gettext("Your role cannot build evidence packs."))
    selection.check()
    entities = _entities(user, selection)
    entity_ids = [e.pk for e in entities]
    content = PackContent(selection, entities)
    assessment = _assessment(user, selection, entity_ids)
    extra = dossier_content(user, selection, entity_ids) if selection.dossier else ExtraContent()
    content.extra.update(extra.records)
    content.requirements = _requirements(selection, assessment, extra.requirements)
    content.controls = _controls(user, selection, entity_ids, content.requirements)
    if selection.controls and not selection.covers_requirements and assessment is None:
        content.requirements = _requirements_of(content.controls)
    content.mappings = list(
        Mapping.objects.filter(control__in=content.controls, requirement__in=content.requirements)
        .select_related("control", "requirement__framework")
        .order_by("requirement__ref", "control__code")
    )
    content.assessments, content.results = _results(
        user, selection, entity_ids, assessment, content.requirements
    )
    considered = {pk for r in content.results for pk in r._considered}
    _evidence(user, selection, entity_ids, content, considered)
    _add_pinned(content, extra.pinned, entity_ids)
    areas = {r.area for r in content.requirements}
    content.incidents = _incidents(user, selection, entity_ids, areas)
    ids = [i.pk for i in content.incidents]
    content.classifications = list(
        Classification.objects.filter(incident__in=ids).select_related("incident").order_by("pk")
    )
    content.reports = list(
        IncidentReport.objects.filter(incident__in=ids).select_related("incident").order_by("pk")
    )
    content.mica_decisions = list(
        MicaDecision.objects.filter(incident__in=ids).select_related("incident").order_by("pk")
    )
    content.tests = _tests(user, selection, entity_ids, areas)
    content.findings = list(Finding.objects.filter(test__in=content.tests).order_by("pk"))
    content.actions = _actions(user, entity_ids, content)
    return content


def _add_pinned(
    content: PackContent, pinned: list[tuple[EvidenceVersion, list[str]]], entity_ids: list[int]
) -> None:
    """Evidence versions another app pinned (a dossier's attachments), whatever the period."""
    paths = {f.path: f for f in content.files}
    items = {e.pk for e in content.evidence}
    for version, refs in pinned:
        if version.evidence.entity_id not in entity_ids:
            continue
        name = sanitise_filename(version.original_name)
        path = f"evidence/E{version.evidence_id}/v{version.number}-{name}"
        if path in paths:
            paths[path].requirements.extend(r for r in refs if r not in paths[path].requirements)
            continue
        paths[path] = EvidenceFile(version, path, [], list(refs))
        content.files.append(paths[path])
        if version.evidence_id not in items:
            items.add(version.evidence_id)
            content.evidence.append(version.evidence)


def _requirements_of(controls: list[Control]) -> list[Requirement]:
    found = Requirement.objects.filter(mappings__control__in=controls).select_related("framework")
    return sorted(set(found), key=lambda r: (r.framework.regime, r.framework.code, r.position))
