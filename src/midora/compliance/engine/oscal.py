"""NIST OSCAL 1.1 JSON export of catalogues (catalog) and gap assessments (assessment-results)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from midora.compliance.engine.catalogue_files import Catalogue, RequirementEntry

OSCAL_VERSION = "1.1.2"
NS = "urn:midora:oscal"
_UUID_NS = uuid.UUID("6f1d7c1e-2b7a-5a53-9a57-6d6964726f72")
STATUSES = ("met", "partially_met", "not_met", "not_applicable")


@dataclass(frozen=True)
class EvidenceItem:
    description: str
    href: str | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class RequirementAssessment:
    requirement_id: str
    status: str
    rationale: str
    maturity: int | None = None
    target_maturity: int | None = None
    evidence: tuple[EvidenceItem, ...] = ()


@dataclass(frozen=True)
class AssessmentRecord:
    """A gap assessment of one regime for one scope (legal entity or group)."""

    title: str
    regime: str
    scope: str
    started: dt.datetime
    results: tuple[RequirementAssessment, ...]
    ended: dt.datetime | None = None
    assessment_plan_href: str = "#assessment-plan"


def _uuid(*parts: str) -> str:
    """A stable UUID, so that the same input always exports the same document."""
    return str(uuid.uuid5(_UUID_NS, "|".join(parts)))


def _token(requirement_id: str) -> str:
    return requirement_id.lower()


def _stamp(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("OSCAL timestamps need a time zone")
    return moment.isoformat()


def _prop(name: str, value: str) -> dict[str, str]:
    return {"name": name, "ns": NS, "value": value.strip()}


def _control(entry: RequirementEntry) -> dict[str, Any]:
    control_id = _token(entry.id)
    props = [
        {"name": "label", "value": f"{entry.id} {entry.source.citation()}"},
        _prop("framework", entry.framework),
        _prop("area", entry.area),
        _prop("applies-to", entry.applies_to_text),
    ]
    props += [_prop("it-priority", tag) for tag in entry.it_priorities]
    parts: list[dict[str, Any]] = [
        {"id": f"{control_id}_smt", "name": "statement", "prose": entry.summary}
    ]
    if entry.evidence_examples:
        parts.append(
            {
                "id": f"{control_id}_gdn",
                "name": "guidance",
                "prose": "Typical evidence: " + "; ".join(entry.evidence_examples) + ".",
            }
        )
    control: dict[str, Any] = {
        "id": control_id,
        "class": entry.level,
        "title": entry.title,
        "props": props,
        "parts": parts,
    }
    if entry.related:
        control["links"] = [{"href": f"#{_token(r)}", "rel": "related"} for r in entry.related]
    return control


def _as_list(catalogues: Catalogue | Iterable[Catalogue]) -> list[Catalogue]:
    items = [catalogues] if isinstance(catalogues, Catalogue) else list(catalogues)
    if not items:
        raise ValueError("no catalogue given")
    regimes = {c.regime for c in items}
    if len(regimes) > 1:
        raise ValueError(f"one OSCAL catalog holds one regime, got {sorted(regimes)}")
    return items


def catalog_document(catalogues: Catalogue | Iterable[Catalogue]) -> dict[str, Any]:
    """An OSCAL catalog for one regime: a group per article, a control per requirement."""
    items = _as_list(catalogues)
    regime = items[0].regime
    groups: list[dict[str, Any]] = []
    for catalogue in items:
        by_article: dict[str, dict[str, Any]] = {}
        for entry in catalogue.requirements:
            article_key = f"{entry.id.rsplit('-', 1)[0]}-{entry.article}"
            group = by_article.get(article_key)
            if group is None:
                title = f"{catalogue.framework} Article {entry.article}"
                if entry.level == "article":
                    title += f": {entry.title}"
                group = {"id": f"grp-{_token(article_key)}", "class": "article", "title": title}
                by_article[article_key] = group
                groups.append(group)
            if not entry.grouping:
                group.setdefault("controls", []).append(_control(entry))
    newest = max(dt.date.fromisoformat(c.consolidated_date) for c in items)
    versions = ", ".join(f"{c.framework} {c.catalogue_version}" for c in items)
    return {
        "catalog": {
            "uuid": _uuid("catalog", regime, versions),
            "metadata": {
                "title": f"midora {regime} requirement catalogue",
                "last-modified": _stamp(dt.datetime.combine(newest, dt.time(), dt.UTC)),
                "version": versions,
                "oscal-version": OSCAL_VERSION,
                "remarks": "Summaries are paraphrases, not legal text; legal review required.",
            },
            "groups": groups,
        }
    }


def _state(status: str) -> dict[str, str]:
    if status == "met":
        return {"state": "satisfied", "reason": "pass"}
    if status == "not_applicable":
        return {"state": "satisfied", "reason": "other", "remarks": "not applicable"}
    return {"state": "not-satisfied", "reason": "fail"}


def _observation(record: AssessmentRecord, row: RequirementAssessment) -> dict[str, Any]:
    observation: dict[str, Any] = {
        "uuid": _uuid("observation", record.title, record.scope, row.requirement_id),
        "description": row.rationale,
        "methods": ["EXAMINE"],
        "collected": _stamp(record.ended or record.started),
    }
    if row.evidence:
        observation["relevant-evidence"] = [
            {
                "description": item.description,
                **({"href": item.href} if item.href else {}),
                **({"props": [_prop("sha256", item.sha256)]} if item.sha256 else {}),
            }
            for item in row.evidence
        ]
    return observation


def _finding(record: AssessmentRecord, row: RequirementAssessment, obs_uuid: str) -> dict[str, Any]:
    props = [_prop("status", row.status)]
    if row.maturity is not None:
        props.append(_prop("maturity", str(row.maturity)))
    if row.target_maturity is not None:
        props.append(_prop("target-maturity", str(row.target_maturity)))
    return {
        "uuid": _uuid("finding", record.title, record.scope, row.requirement_id),
        "title": f"{row.requirement_id}: {row.status.replace('_', ' ')}",
        "description": row.rationale,
        "props": props,
        "target": {
            "type": "objective-id",
            "target-id": _token(row.requirement_id),
            "status": _state(row.status),
        },
        "related-observations": [{"observation-uuid": obs_uuid}],
    }


def _check(record: AssessmentRecord, catalogues: Iterable[Catalogue] | None) -> None:
    known = {e.id: c.regime for c in catalogues or () for e in c.requirements}
    for row in record.results:
        if row.status not in STATUSES:
            raise ValueError(f"{row.requirement_id}: status {row.status!r} not one of {STATUSES}")
        if known and row.requirement_id not in known:
            raise ValueError(f"{row.requirement_id}: not in the given catalogues")
        if known and known[row.requirement_id] != record.regime:
            raise ValueError(f"{row.requirement_id}: not a {record.regime} requirement")


def assessment_results_document(
    record: AssessmentRecord, catalogues: Iterable[Catalogue] | None = None
) -> dict[str, Any]:
    """An OSCAL assessment-results document: one finding and observation per requirement."""
    _check(record, catalogues)
    observations = [_observation(record, row) for row in record.results]
    findings = [
        _finding(record, row, obs["uuid"])
        for row, obs in zip(record.results, observations, strict=True)
    ]
    result: dict[str, Any] = {
        "uuid": _uuid("result", record.title, record.scope),
        "title": record.title,
        "description": f"{record.regime} gap assessment of {record.scope}.",
        "start": _stamp(record.started),
        "props": [_prop("regime", record.regime), _prop("scope", record.scope)],
        "reviewed-controls": {
            "control-selections": [
                {
                    "include-controls": [
                        {"control-id": _token(r.requirement_id)} for r in record.results
                    ]
                }
                if record.results
                else {"include-all": {}}
            ]
        },
    }
    if record.ended:
        result["end"] = _stamp(record.ended)
    if observations:
        result["observations"] = observations
        result["findings"] = findings
    return {
        "assessment-results": {
            "uuid": _uuid("assessment-results", record.title, record.scope),
            "metadata": {
                "title": record.title,
                "last-modified": _stamp(record.ended or record.started),
                "version": "1",
                "oscal-version": OSCAL_VERSION,
            },
            "import-ap": {"href": record.assessment_plan_href},
            "results": [result],
        }
    }
