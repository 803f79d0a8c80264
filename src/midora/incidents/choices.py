"""Closed lists of the incident records."""

from django.db import models


class Source(models.TextChoices):
    WEB = "web", "Web form"
    API = "api", "API (SIEM / ticketing)"
    CLI = "cli", "Command line"
    DEMO = "demo", "Demo data"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


class Stage(models.TextChoices):
    """ITS 2025/302 field 1.1: the kind of submission."""

    INITIAL = "initial_notification", "Initial notification"
    INTERMEDIATE = "intermediate_report", "Intermediate report"
    FINAL = "final_report", "Final report"
    RECLASSIFIED = "major_incident_reclassified_as_non-major", "Reclassified as non-major"


class Decision(models.TextChoices):
    PENDING = "pending", "To decide"
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class OverrideKind(models.TextChoices):
    ADD = "add", "Extra non-working day"
    REMOVE = "remove", "Working day despite the public holiday"
