"""Major-incident report content (Delegated Regulation (EU) 2025/301 Arts 1-4, 6; ITS 2025/302)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any

from midora.incidents.engine.classification import ClassificationResult
from midora.incidents.engine.facts import IncidentFacts, financial_interest_label
from midora.incidents.engine.threats import ThreatResult

SCHEMA_NAME = "dora-incident-report-schema-IR-1.2.1.json"
STAGES = ("initial_notification", "intermediate_report", "final_report")
CRITERION_CODES = {
    "critical_services_affected": "critical_services_affected",
    "t9_1": "clients_financial_counterparts_and_transactions_affected",
    "t9_2": "reputational_impact",
    "t9_3": "duration_and_service_downtime",
    "t9_4": "geographical_spread",
    "t9_5a": "data_losses",
    "t9_5b": "data_losses",
    "t9_6": "economic_impact",
}
REPUTATION_CODES = (
    ("media", "the_major_ict-related_incident_has_been_reflected_in_the_media"),
    (
        "repetitive_complaints",
        "the_major_ict-related_incident_has_resulted_in_repetitive_"
        "complaints_from_different_clients_or_financial_counterparts_on_client-facing_services_"
        "or_critical_business_relationships",
    ),
    (
        "regulatory_requirements_breach_likely",
        "the_financial_entity_will_not_be_able_to_or_is_"
        "likely_not_to_be_able_to_meet_regulatory_requirements_as_a_result_of_the_major_ict-"
        "related_incident",
    ),
    (
        "material_client_loss_likely",
        "the_financial_entity_will_or_is_likely_to_lose_clients_or_"
        "financial_counterparts_with_a_material_impact_on_its_business_as_a_result_of_the_major_"
        "ict-related_incident",
    ),
)


@dataclass(frozen=True)
class Contact:
    """A contact person for the competent authority (ITS Annex I fields 1.7-1.12)."""

    email: str
    name: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class EntityData:
    """Submitting and affected entity (RTS-R Art 1(b)-(g); ITS fields 1.2-1.15)."""

    name: str
    lei: str | None
    code: str | None = None
    entity_types: tuple[str, ...] = ("crypto-asset_service_provider",)
    primary_contact: Contact | None = None
    secondary_contact: Contact | None = None
    parent_name: str | None = None
    parent_lei: str | None = None
    currency: str = "EUR"


@dataclass(frozen=True)
class ReportText:
    """Free-text and choice fields the user supplies (ITS Annex I sections 2-4)."""

    incident_reference: str | None = None
    description: str | None = None
    discovery: str | None = None
    originates_from_third_party: str | None = None
    bcp_activated: bool | None = None
    other_information: str | None = None
    competent_authority_code: str | None = None
    incident_types: tuple[str, ...] = ()
    threat_techniques: tuple[str, ...] = ()
    functional_areas: str | None = None
    infrastructure_affected: str | None = None  # yes | no | information_not_available
    infrastructure_description: str | None = None
    critical_services_description: str | None = None
    reporting_to_other_authorities: tuple[str, ...] = ()
    temporary_actions: bool | None = None
    temporary_actions_description: str | None = None
    root_causes: tuple[str, ...] = ()
    root_causes_detailed: tuple[str, ...] = ()
    root_cause_information: str | None = None
    root_cause_addressed_at: datetime | None = None
    resolution_summary: str | None = None
    resolution_vs_planned: str | None = None
    recovered_at: datetime | None = None


@dataclass(frozen=True)
class ReportData:
    """Everything a report is built from: facts, classification, entity and text."""

    facts: IncidentFacts
    classification: ClassificationResult
    entity: EntityData
    text: ReportText = field(default_factory=ReportText)


@dataclass(frozen=True)
class FieldGap:
    """A field still missing for a stage: where, what, and why it is required."""

    path: str
    label: str
    why: str


def _utc(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _ddhhmm(span: timedelta | None) -> str | None:
    if span is None:
        return None
    minutes = int(span.total_seconds() // 60)
    return f"{minutes // 1440:02d}:{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def _prune(doc: dict[str, Any]) -> dict[str, Any]:
    """`doc` without the fields that hold nothing (null, empty lists and mappings), at any depth."""
    pruned = {k: _pruned(v) for k, v in doc.items()}
    return {k: v for k, v in pruned.items() if v not in (None, [], {}, ())}


def _pruned(value: Any) -> Any:
    if isinstance(value, dict):
        return _prune(value)
    if isinstance(value, list | tuple):
        return [_pruned(v) for v in value]
    return value


def _entities(e: EntityData) -> dict[str, Any]:
    contact = e.primary_contact or Contact(email="")
    out: dict[str, Any] = {
        "submittingEntity": {
            "entityType": "SUBMITTING_ENTITY",
            "name": e.name,
            "LEI": e.lei,
            "code": e.code or e.lei,
        },
        "affectedEntity": [
            {
                "entityType": "AFFECTED_ENTITY",
                "name": e.name,
                "LEI": e.lei,
                "affectedEntityType": list(e.entity_types),
            }
        ],
        "primaryContact": {"name": contact.name, "email": contact.email, "phone": contact.phone},
        "reportCurrency": e.currency,
    }
    if e.secondary_contact:
        c = e.secondary_contact
        out["secondaryContact"] = {"name": c.name, "email": c.email, "phone": c.phone}
    if e.parent_name or e.parent_lei:
        out["ultimateParentUndertaking"] = {
            "entityType": "ULTIMATE_PARENT_UNDERTAKING_ENTITY",
            "name": e.parent_name,
            "LEI": e.parent_lei,
        }
    return out


def _classification_types(data: ReportData) -> list[dict[str, Any]]:
    """ITS field 2.5 with 2.6, 3.13, 3.20 and 4.12 attached to their criterion."""
    impact, result = data.facts.impact, data.classification
    met = [c.key for c in (result.critical_services, *result.thresholds) if c.met]
    out: dict[str, dict[str, Any]] = {}
    for key in met:
        code = CRITERION_CODES[key]
        item = out.setdefault(code, {"classificationCriterion": code})
        if code == "geographical_spread":
            item["countryCodeMaterialityThresholds"] = sorted(impact.member_states_impacted)
        elif code == "data_losses":
            item["dataLosseMaterialityThresholds"] = list(impact.data_impact.dimensions()) or [
                "confidentiality"
            ]
        elif code == "reputational_impact":
            item["reputationalImpactType"] = [
                c for k, c in REPUTATION_CODES if getattr(impact.reputational, k)
            ]
        elif code == "economic_impact":
            item["economicImpactMaterialityThreshold"] = result.threshold("t9_6").why
    return list(out.values())


def build_report(stage: str, data: ReportData) -> dict[str, Any]:
    """RTS-R Arts 1-4; ITS Art 1(4): the cumulative IR-1.2.1 document for a stage."""
    if stage not in (*STAGES, "major_incident_reclassified_as_non-major"):
        raise ValueError(f"unknown stage {stage!r}; expected one of {STAGES}")
    f, t, impact = data.facts, data.text, data.facts.impact
    incident: dict[str, Any] = {
        "financialEntityCode": t.incident_reference,
        "detectionDateTime": _utc(f.timeline.aware_at),
        "classificationDateTime": _utc(f.timeline.classified_at),
        "incidentDescription": t.description or impact.description,
        "classificationTypes": _classification_types(data),
        "incidentDiscovery": t.discovery,
        "originatesFromThirdPartyProvider": t.originates_from_third_party,
        "isBusinessContinuityActivated": t.bcp_activated,
        "otherInformation": t.other_information,
    }
    doc: dict[str, Any] = {
        "incidentSubmission": stage,
        **_entities(data.entity),
        "incident": incident,
    }
    if stage in ("intermediate_report", "final_report"):
        incident.update(
            {
                "competentAuthorityCode": t.competent_authority_code,
                "incidentOccurrenceDateTime": _utc(impact.occurred_at),
                "incidentDuration": _ddhhmm(impact.resolved_at - impact.occurred_at)
                if impact.resolved_at and impact.occurred_at
                else None,
                "incidentType": {
                    "incidentClassification": list(t.incident_types),
                    "threatTechniques": list(t.threat_techniques),
                },
            }
        )
        doc["impactAssessment"] = _impact_assessment(data)
        # field 3.17: whether duration and downtime are actual figures or estimates
        doc["informationDurationServiceDowntimeActualOrEstimate"] = impact.duration_downtime_figures
        doc["reportingToOtherAuthorities"] = list(t.reporting_to_other_authorities)
    if stage == "final_report":
        incident.update(
            {
                "rootCauseHLClassification": list(t.root_causes),
                "rootCausesDetailedClassification": list(t.root_causes_detailed),
                "rootCausesInformation": t.root_cause_information,
                "rootCauseAddressingDateTime": _utc(t.root_cause_addressed_at),
                "incidentResolutionSummary": t.resolution_summary,
                "incidentResolutionDateTime": _utc(impact.resolved_at),
                "incidentResolutionVsPlannedImplementation": t.resolution_vs_planned,
                "grossAmountIndirectDirectCosts": float(data.classification.economic_impact_eur),
                "financialRecoveriesAmount": float(impact.financial_recoveries_eur or 0),
            }
        )
    return _prune(doc)


def _impact_assessment(data: ReportData) -> dict[str, Any]:
    impact, t = data.facts.impact, data.text

    def share(part: int | None, whole: int | None) -> dict[str, Any] | None:
        if part is None:
            return None
        return {"number": part, "percentage": round(part / whole * 100, 3) if whole else None}

    return {
        "hasImpactOnRelevantClients": impact.relevant_clients_or_counterparts_affected,
        "criticalServicesAffected": t.critical_services_description
        or data.classification.critical_services.why,
        "affectedAssets": {
            "affectedClients": share(impact.clients_affected, impact.clients_using_service),
            "affectedFinancialCounterparts": share(
                impact.counterparts_affected, impact.counterparts_total
            ),
            "numbersActualEstimate": [
                "estimates_for_clients_affected"
                if impact.clients_affected_is_estimate
                else "actual_figures_for_clients_affected"
            ]
            if impact.clients_affected is not None
            else ["no_impact_on_clients"],
        },
        "affectedFunctionalAreas": t.functional_areas,
        "isAffectedInfrastructureComponents": t.infrastructure_affected,
        "affectedInfrastructureComponents": t.infrastructure_description,
        "isImpactOnFinancialInterest": financial_interest_label(
            impact.impact_on_financial_interests_of_clients
        ),
        "serviceImpact": {
            "serviceRestorationDateTime": _utc(t.recovered_at or impact.service_restored_at),
            "serviceDowntime": _ddhhmm(impact.service_downtime),
            "isTemporaryActionsMeasuresForRecovery": t.temporary_actions,
            "descriptionOfTemporaryActionsMeasuresForRecovery": t.temporary_actions_description,
        },
    }


# (path, label, first stage, getter, why): RTS-R Art 2-4 content by stage.
_Getter = Callable[[ReportData], Any]
FIELD_RULES: tuple[tuple[str, str, str, _Getter, str], ...] = (
    (
        "primaryContact.email",
        "Primary contact e-mail (1.8)",
        "initial_notification",
        lambda d: d.entity.primary_contact and d.entity.primary_contact.email,
        "RTS-R Art 1(e)",
    ),
    (
        "submittingEntity.LEI",
        "LEI of the entity (1.3)",
        "initial_notification",
        lambda d: d.entity.lei or d.entity.code,
        "RTS-R Art 1(b)-(c)",
    ),
    (
        "incident.financialEntityCode",
        "Incident reference code (2.1)",
        "initial_notification",
        lambda d: d.text.incident_reference,
        "RTS-R Art 2(a)",
    ),
    (
        "incident.detectionDateTime",
        "Date and time of detection (2.2)",
        "initial_notification",
        lambda d: d.facts.timeline.aware_at,
        "RTS-R Art 2(b)",
    ),
    (
        "incident.classificationDateTime",
        "Date and time of classification (2.3)",
        "initial_notification",
        lambda d: d.facts.timeline.classified_at,
        "RTS-R Art 2(b)",
    ),
    (
        "incident.incidentDescription",
        "Description (2.4)",
        "initial_notification",
        lambda d: d.text.description or d.facts.impact.description,
        "RTS-R Art 2(c)",
    ),
    (
        "incident.incidentDiscovery",
        "How the incident was discovered (2.7)",
        "initial_notification",
        lambda d: d.text.discovery,
        "RTS-R Art 2(f)",
    ),
    (
        "incident.isBusinessContinuityActivated",
        "Business continuity plan activated (2.9)",
        "initial_notification",
        lambda d: d.text.bcp_activated,
        "RTS-R Art 2(h)",
    ),
    (
        "incident.incidentOccurrenceDateTime",
        "Date and time of occurrence (3.2)",
        "intermediate_report",
        lambda d: d.facts.impact.occurred_at,
        "RTS-R Art 3(b)",
    ),
    (
        "incident.incidentType.incidentClassification",
        "Type of incident (3.23)",
        "intermediate_report",
        lambda d: d.text.incident_types,
        "RTS-R Art 3(e)",
    ),
    (
        "impactAssessment.affectedFunctionalAreas",
        "Affected functional areas (3.27)",
        "intermediate_report",
        lambda d: d.text.functional_areas,
        "RTS-R Art 3(g)",
    ),
    (
        "impactAssessment.isAffectedInfrastructureComponents",
        "Affected infrastructure components (3.28)",
        "intermediate_report",
        lambda d: d.text.infrastructure_affected,
        "RTS-R Art 3(h)",
    ),
    (
        "reportingToOtherAuthorities",
        "Reporting to other authorities (3.31)",
        "intermediate_report",
        lambda d: d.text.reporting_to_other_authorities,
        "RTS-R Art 3(j)",
    ),
    (
        "incident.rootCauseHLClassification",
        "Root causes (4.1)",
        "final_report",
        lambda d: d.text.root_causes,
        "RTS-R Art 4(a)",
    ),
    (
        "incident.incidentResolutionSummary",
        "Resolution summary (4.6)",
        "final_report",
        lambda d: d.text.resolution_summary,
        "RTS-R Art 4(c)",
    ),
    (
        "incident.incidentResolutionDateTime",
        "Date and time resolved (4.8)",
        "final_report",
        lambda d: d.facts.impact.resolved_at,
        "RTS-R Art 4(b)",
    ),
    (
        "incident.rootCauseAddressingDateTime",
        "Date and time root cause addressed (4.7)",
        "final_report",
        lambda d: d.text.root_cause_addressed_at,
        "RTS-R Art 4(b)",
    ),
    (
        "incident.incidentResolutionVsPlannedImplementation",
        "Resolution against plan (4.9)",
        "final_report",
        lambda d: d.text.resolution_vs_planned,
        "IR-1.2.1 schema: required in the final report",
    ),
    (
        "incident.financialRecoveriesAmount",
        "Financial recoveries (4.14)",
        "final_report",
        lambda d: d.facts.impact.financial_recoveries_eur,
        "RTS-R Art 4(e)",
    ),
)


def missing_fields(stage: str, data: ReportData) -> list[FieldGap]:
    """RTS-R Arts 2-4: fields still empty for a stage (cumulative, ITS Art 1(4))."""
    upto = STAGES[: STAGES.index(stage) + 1]
    return [
        FieldGap(path, label, f"required from the {first.replace('_', ' ')} ({why})")
        for path, label, first, get, why in FIELD_RULES
        if first in upto and get(data) in (None, "", (), [])
    ]


@cache
def report_schema() -> dict[str, Any]:
    """The shipped IR-1.2.1 JSON schema."""
    path = resources.files("midora") / "data" / "incidents" / SCHEMA_NAME
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def validate_report(doc: dict[str, Any]) -> list[str]:
    """ITS 2025/302 Annex I as encoded by the IR-1.2.1 schema: one message per violation."""
    from jsonschema import Draft202012Validator, FormatChecker

    schema = report_schema()
    checker = FormatChecker()
    errors = list(Draft202012Validator(schema, format_checker=checker).iter_errors(doc))
    # The schema states its per-stage rules under draft-07 `dependencies`, which draft 2020-12
    # ignores; apply them explicitly.
    stage_rules = schema.get("dependencies", {}).get("incidentSubmission")
    if stage_rules and "incidentSubmission" in doc:
        for rule in stage_rules["oneOf"]:
            if rule["properties"]["incidentSubmission"]["const"] == doc["incidentSubmission"]:
                errors += Draft202012Validator(rule, format_checker=checker).iter_errors(doc)
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
        for e in sorted(errors, key=lambda e: list(map(str, e.absolute_path)))
    ]


def build_threat_notification(
    threat_result: ThreatResult,
    description: str,
    detected_at: datetime | None,
    entity: EntityData,
    potential_impact: str,
    status: str,
    actions_taken: str | None = None,
    indicators_of_compromise: str | None = None,
) -> dict[str, Any]:
    """RTS-R Art 6; ITS Art 8 and Annex III: voluntary notification of a significant threat."""
    return _prune(
        {
            "notificationType": "significant_cyber_threat",
            **_entities(entity),
            "threat": {
                "detectionDateTime": _utc(detected_at),
                "description": description,
                "potentialImpact": potential_impact,
                "criteriaThatWouldTrigger": [k for k, v in threat_result.conditions.items() if v],
                "status": status,
                "actionsTaken": actions_taken,
                "indicatorsOfCompromise": indicators_of_compromise,
            },
        }
    )
