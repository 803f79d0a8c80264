"""Build the OSCAL documents of `oscal.py` from stored catalogues and assessments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from midora.compliance.engine.applicability import parse_condition
from midora.compliance.engine.catalogue_files import Catalogue, RequirementEntry, Source
from midora.compliance.engine.oscal import (
    AssessmentRecord,
    EvidenceItem,
    RequirementAssessment,
    assessment_results_document,
    catalog_document,
)
from midora.compliance.models import Assessment, Framework, Requirement


def _entry(r: Requirement, framework: Framework) -> RequirementEntry:
    return RequirementEntry(
        id=r.ref,
        parent=None,
        framework=framework.code,
        regime=framework.regime,
        source=Source(
            framework.regulation,
            r.article,
            r.paragraph or None,
            r.point or None,
            r.subparagraph or None,
        ),
        title=r.title,
        summary=r.summary,
        area=r.area,
        condition=parse_condition(r.applies_when, framework.regime),
        applies_to_text=r.applies_to_text,
        evidence_examples=tuple(r.evidence_examples),
        it_priorities=tuple(r.it_priorities),
        related=tuple(r.related),
        grouping=r.grouping,
        needs_legal_review=r.needs_legal_review,
    )


def stored_catalogues(regime: str) -> list[Catalogue]:
    """The loaded catalogues of one regime, current requirements only."""
    catalogues = []
    known: set[str] = set()
    frameworks = list(Framework.objects.filter(regime=regime).order_by("code"))
    for fw in frameworks:
        known.update(fw.requirements.filter(withdrawn=False).values_list("ref", flat=True))
    for fw in frameworks:
        entries = []
        for r in fw.requirements.filter(withdrawn=False).order_by("position"):
            entry = _entry(r, fw)
            if any(ref not in known for ref in entry.related):
                entry = RequirementEntry(
                    **{**entry.__dict__, "related": tuple(x for x in entry.related if x in known)}
                )
            entries.append(entry)
        catalogues.append(
            Catalogue(
                framework=fw.code,
                regime=fw.regime,
                regulation=fw.regulation,
                consolidated_date=fw.consolidated_date.isoformat(),
                catalogue_version=fw.catalogue_version,
                requirements=tuple(entries),
                file=fw.source_file,
            )
        )
    return catalogues


def catalogue_document_for(regime: str) -> dict[str, Any]:
    if regime not in {"MICA", "DORA"}:
        raise LookupError(f"unknown regime {regime!r}: give MICA or DORA")
    catalogues = stored_catalogues(regime)
    if not catalogues:
        raise LookupError(f"no {regime} catalogue is loaded: run `midora catalogue load`")
    return catalog_document(catalogues)


def _moment(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime.combine(day, dt.time(), dt.UTC) if day else None


def assessment_record(assessment: Assessment) -> AssessmentRecord:
    rows = []
    results = (
        assessment.results.exclude(status="")
        .select_related("requirement")
        .prefetch_related("evidence_considered__versions")
    )
    for result in results:
        evidence = []
        for item in result.evidence_considered.all():
            versions = sorted(item.versions.all(), key=lambda v: -v.number)
            evidence.append(
                EvidenceItem(
                    description=item.title,
                    href=item.location or f"#evidence-{item.pk}",
                    sha256=versions[0].sha256 if versions else None,
                )
            )
        rows.append(
            RequirementAssessment(
                requirement_id=result.requirement.ref,
                status=result.status,
                rationale=result.rationale or result.suggestion or "No rationale recorded.",
                maturity=result.current_maturity,
                target_maturity=result.target_maturity,
                evidence=tuple(evidence),
            )
        )
    return AssessmentRecord(
        title=assessment.title,
        regime=assessment.regime,
        scope=", ".join(e.name for e in assessment.entities.order_by("name")),
        started=_moment(assessment.started_on),
        ended=_moment(assessment.completed_on),
        results=tuple(rows),
    )


def assessment_document_for(pk: int, queryset: Any = None) -> dict[str, Any]:
    assessment = (queryset if queryset is not None else Assessment.objects).filter(pk=pk).first()
    if assessment is None:
        raise LookupError(f"no assessment #{pk}")
    return assessment_results_document(assessment_record(assessment))
