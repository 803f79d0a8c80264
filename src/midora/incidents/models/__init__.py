"""Incident records: intake, impact revisions, classifications, reports, threats, MiCA decisions."""

from midora.incidents.models.incident import ImpactRevision, Incident
from midora.incidents.models.records import (
    Classification,
    CyberThreat,
    HolidayOverride,
    IncidentReport,
    MicaDecision,
    ReportFrozenError,
)

__all__ = [
    "Classification",
    "CyberThreat",
    "HolidayOverride",
    "ImpactRevision",
    "Incident",
    "IncidentReport",
    "MicaDecision",
    "ReportFrozenError",
]
