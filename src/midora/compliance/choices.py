"""Closed lists of the compliance records (catalogues, controls, mappings, evidence, assessments)."""

from django.db import models


class Regime(models.TextChoices):
    MICA = "MICA", "MiCA"
    DORA = "DORA", "DORA + RTS"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class RequirementResultStatus(models.TextChoices):
    MET = "met", "Met"
    PARTIALLY_MET = "partially_met", "Partially met"
    NOT_MET = "not_met", "Not met"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class ControlType(models.TextChoices):
    PREVENTIVE = "preventive", "Preventive"
    DETECTIVE = "detective", "Detective"
    CORRECTIVE = "corrective", "Corrective"


class ControlFrequency(models.TextChoices):
    CONTINUOUS = "continuous", "Continuous"
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    SEMI_ANNUAL = "semi-annual", "Semi-annual"
    ANNUAL = "annual", "Annual"
    EVENT_DRIVEN = "event-driven", "Event-driven"


class MappingCoverage(models.TextChoices):
    FULL = "full", "Full"
    PARTIAL = "partial", "Partial"


class MappingSource(models.TextChoices):
    LIBRARY = "library", "Shipped library"
    USER = "user", "Added by a user"


class EvidenceKind(models.TextChoices):
    FILE = "file", "File in the evidence store"
    REFERENCE = "reference", "Reference (URL or system record)"


class EvidenceCategory(models.TextChoices):
    POLICY = "policy", "Policy or standard"
    PROCEDURE = "procedure", "Procedure or plan"
    RECORD = "record", "Record or log"
    APPROVAL = "approval", "Approval or minutes"
    REPORT = "report", "Report or test result"
    CONTRACT = "contract", "Contract"
    OTHER = "other", "Other"
