"""Closed lists of the incident records."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Source(models.TextChoices):
    WEB = "web", _("Web form")
    API = "api", _("API (SIEM / ticketing)")
    CLI = "cli", _("Command line")
    DEMO = "demo", _("Demo data")


class Status(models.TextChoices):
    OPEN = "open", pgettext_lazy("incident status", "Open")
    RESOLVED = "resolved", pgettext_lazy("incident status", "Resolved")
    CLOSED = "closed", pgettext_lazy("incident status", "Closed")


class Stage(models.TextChoices):
    """ITS 2025/302 field 1.1: the kind of submission."""

    INITIAL = "initial_notification", _("Initial notification")
    INTERMEDIATE = "intermediate_report", _("Intermediate report")
    FINAL = "final_report", _("Final report")
    RECLASSIFIED = "major_incident_reclassified_as_non-major", _("Reclassified as non-major")


class Decision(models.TextChoices):
    PENDING = "pending", pgettext_lazy("reporting decision", "To decide")
    YES = "yes", pgettext_lazy("reporting decision", "Yes")
    NO = "no", pgettext_lazy("reporting decision", "No")
    NOT_APPLICABLE = "not_applicable", pgettext_lazy("reporting decision", "Not applicable")


class OverrideKind(models.TextChoices):
    ADD = "add", _("Extra non-working day")
    REMOVE = "remove", _("Working day despite the public holiday")
