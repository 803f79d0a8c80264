"""Closed lists of the compliance records (catalogues, controls, mappings, evidence, assessments)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Regime(models.TextChoices):
    MICA = "MICA", _("MiCA")
    DORA = "DORA", _("DORA + RTS")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class RequirementResultStatus(models.TextChoices):
    MET = "met", _("Met")
    PARTIALLY_MET = "partially_met", _("Partially met")
    NOT_MET = "not_met", _("Not met")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class ControlType(models.TextChoices):
    PREVENTIVE = "preventive", _("Preventive")
    DETECTIVE = "detective", _("Detective")
    CORRECTIVE = "corrective", _("Corrective")


class ControlFrequency(models.TextChoices):
    CONTINUOUS = "continuous", _("Continuous")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SEMI_ANNUAL = "semi-annual", _("Semi-annual")
    ANNUAL = "annual", _("Annual")
    EVENT_DRIVEN = "event-driven", _("Event-driven")


class MappingCoverage(models.TextChoices):
    FULL = "full", _("Full")
    PARTIAL = "partial", _("Partial")


class MappingSource(models.TextChoices):
    LIBRARY = "library", _("Shipped library")
    USER = "user", _("Added by a user")


class EvidenceKind(models.TextChoices):
    FILE = "file", _("File in the evidence store")
    REFERENCE = "reference", _("Reference (URL or system record)")


class EvidenceCategory(models.TextChoices):
    POLICY = "policy", _("Policy or standard")
    PROCEDURE = "procedure", _("Procedure or plan")
    RECORD = "record", _("Record or log")
    APPROVAL = "approval", _("Approval or minutes")
    REPORT = "report", _("Report or test result")
    CONTRACT = "contract", _("Contract")
    OTHER = "other", _("Other")
