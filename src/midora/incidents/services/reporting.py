"""Reporting: deadlines per incident, report documents from the record, sending and freezing.

RTS-R 2025/301 Arts 1-5; ITS 2025/302 Arts 1, 5 and Annex I; DORA Art 19(2) for threats.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from midora.incidents.engine.clock import ClockEntry, clock_entries
from midora.incidents.engine.deadlines import StageDeadline, report_deadlines
from midora.incidents.engine.errors import InvalidIncidentInput
from midora.incidents.engine.group_facts import threat_from_mapping
from midora.incidents.engine.report_content import (
    Contact,
    EntityData,
    FieldGap,
    ReportData,
    ReportText,
    build_report,
    build_threat_notification,
    missing_fields,
    validate_report,
)
from midora.incidents.engine.threats import significant_cyber_threat
from midora.incidents.services.intake import classify_incident, person, stored_result
from midora.incidents.services.record_facts import calendar_for, incident_facts

DEADLINE_OF_STAGE = {
    "initial_notification": "initial",
    "intermediate_report": "intermediate",
    "final_report": "final",
}
TEXT_TUPLES = (
    "incident_types",
    "threat_techniques",
    "reporting_to_other_authorities",
    "root_causes",
    "root_causes_detailed",
)
TEXT_MOMENTS = ("root_cause_addressed_at", "recovered_at")
CONTACT_KEYS = ("contact_email", "contact_name", "contact_phone")
SECONDARY_CONTACT_KEYS = (
    "secondary_contact_email",
    "secondary_contact_name",
    "secondary_contact_phone",
)


def deadlines_for(incident: Any) -> dict[str, StageDeadline]:
    """RTS-R Art 5(1)-(4): the incident's deadlines when it is major (none otherwise)."""
    if not incident.is_major:
        return {}
    facts = incident_facts(incident)
    return report_deadlines(facts.entity, facts.timeline, calendar_for(incident.entity))


def first_sent(incident: Any) -> dict[str, dt.datetime | None]:
    out: dict[str, dt.datetime | None] = {}
    for report in sorted(incident.reports.all(), key=lambda r: r.sent_at or timezone.now()):
        if report.sent_at is not None:
            out.setdefault(report.stage, report.sent_at)
    return out


def clock_for(incident: Any, now: dt.datetime | None = None) -> list[ClockEntry]:
    """Each deadline of a major incident with its state (sent, overdue, due soon, due)."""
    return clock_entries(deadlines_for(incident), first_sent(incident), now or timezone.now())


def current_classification(incident: Any) -> Any:
    row = incident.classifications.filter(is_current=True).order_by("-pk").first()
    return row or classify_incident(incident)


def report_text(incident: Any) -> ReportText:
    """ITS Annex I text fields kept on the incident, typed for the engine."""
    raw = dict(incident.report_text or {})
    values: dict[str, Any] = {}
    for name in ReportText.__dataclass_fields__:
        if name in raw and raw[name] not in (None, ""):
            value = raw[name]
            if name in TEXT_TUPLES:
                value = tuple(value)
            elif name in TEXT_MOMENTS:
                value = dt.datetime.fromisoformat(value)
            values[name] = value
    values["incident_reference"] = incident.reference
    values.setdefault("description", incident.description or None)
    authority = incident.entity.authority
    values.setdefault("competent_authority_code", authority.short_name if authority else None)
    return ReportText(**values)


def entity_data(incident: Any) -> EntityData:
    """RTS-R Art 1(b)-(g): submitting entity, its parent and the two contact persons."""
    entity, raw = incident.entity, incident.report_text or {}
    parent = entity.parent
    return EntityData(
        name=entity.name,
        lei=entity.lei,
        code=entity.lei,
        primary_contact=contact_from(raw, "contact_"),
        secondary_contact=contact_from(raw, "secondary_contact_"),
        parent_name=parent.name if parent else None,
        parent_lei=parent.lei if parent else None,
        currency=entity.reporting_currency,
    )


def contact_from(raw: dict[str, Any], prefix: str) -> Contact | None:
    """ITS Annex I fields 1.7-1.9 (prefix `contact_`) or 1.10-1.12 (`secondary_contact_`)."""
    if not raw.get(f"{prefix}email"):
        return None
    return Contact(
        email=raw[f"{prefix}email"], name=raw.get(f"{prefix}name"), phone=raw.get(f"{prefix}phone")
    )


def report_data(incident: Any) -> ReportData:
    facts = incident_facts(incident)
    return ReportData(
        facts,
        stored_result(current_classification(incident)),
        entity_data(incident),
        report_text(incident),
    )


def draft_document(incident: Any, stage: str) -> dict[str, Any]:
    """ITS Art 1(4): the cumulative IR-1.2.1 document for a stage, from the record."""
    return build_report(stage, report_data(incident))


def gaps(incident: Any, stage: str) -> list[FieldGap]:
    """RTS-R Arts 2-4: the fields the user still has to complete for a stage."""
    if stage not in DEADLINE_OF_STAGE:
        return []
    return missing_fields(stage, report_data(incident))


def content_hash(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def create_report(incident: Any, stage: str, user: Any) -> Any:
    """A new draft report for a stage with its deadline; earlier sent reports stay frozen."""
    from midora.incidents.models import IncidentReport

    deadline = deadlines_for(incident).get(DEADLINE_OF_STAGE.get(stage, ""))
    return IncidentReport.objects.create(
        incident=incident,
        stage=stage,
        due_at=deadline.due if deadline else None,
        content=draft_document(incident, stage),
        owner=person(user),
    )


def report_content(report: Any) -> dict[str, Any]:
    """The frozen content of a sent report, or the draft assembled from the record now."""
    return report.content if report.is_sent else draft_document(report.incident, report.stage)


def mark_sent(report: Any, user: Any, sent_at: dt.datetime | None = None) -> Any:
    """Freeze a report: final content, its SHA-256 and the send time (the RTS-R Art 5 anchor)."""
    from midora.incidents.models import ReportFrozenError

    if report.is_sent:
        raise ReportFrozenError(f"{report} was already sent; create a new report for changes.")
    content = draft_document(report.incident, report.stage)
    problems = validate_report(content)
    missing = gaps(report.incident, report.stage)
    if missing or problems:
        raise ValidationError(
            {g.path: [f"{g.label}: {g.why}"] for g in missing}
            | ({"content": problems} if problems else {})
        )
    sent_at = sent_at or timezone.now()
    with transaction.atomic():
        report.content = content
        report.sha256 = content_hash(content)
        report.sent_at = sent_at
        report.sent_by = person(user)
        report.save()
    return report


def assess_threat(threat: Any) -> Any:
    """RTS-C Art 10 on the stored threat facts; refuses invalid facts with their field path."""
    try:
        facts = threat_from_mapping(
            {**(threat.facts or {}), "description": threat.description}, "facts", threat.detected_at
        )
    except InvalidIncidentInput as exc:
        raise ValidationError({exc.path: [exc.reason]}) from None
    result = significant_cyber_threat(facts)
    threat.significant, threat.conditions, threat.why = (
        result.significant,
        result.conditions,
        result.why,
    )
    return result


def threat_notification(threat: Any) -> dict[str, Any]:
    """RTS-R Art 6; ITS Art 8: the voluntary notification document of a significant threat."""
    result = assess_threat(threat)
    entity = threat.entity
    return build_threat_notification(
        result,
        threat.description,
        threat.detected_at,
        EntityData(
            name=entity.name,
            lei=entity.lei,
            code=entity.lei,
            primary_contact=Contact(
                email=threat.contact_email,
                name=threat.contact_name or None,
                phone=threat.contact_phone or None,
            )
            if threat.contact_email
            else None,
        ),
        threat.potential_impact,
        threat.status,
        threat.actions_taken or None,
        threat.indicators_of_compromise or None,
    )


def send_threat_notification(threat: Any, sent_at: dt.datetime | None = None) -> Any:
    """DORA Art 19(2): notify a significant threat voluntarily; the notification is frozen."""
    if threat.notified_at is not None:
        from midora.incidents.models import ReportFrozenError

        raise ReportFrozenError(f"The notification of {threat} was already sent.")
    content = threat_notification(threat)
    if not threat.contact_email:
        raise ValidationError(
            {"contact_email": ["Give the contact person for the authority (RTS-R Art 6(a), 1(e))."]}
        )
    if not threat.significant:
        raise ValidationError(
            {"facts": ["Not a significant cyber threat (RTS-C Art 10): " + threat.why]}
        )
    threat.notification = content
    threat.notification_sha256 = content_hash(content)
    threat.notified_at = sent_at or timezone.now()
    threat.save()
    return threat
