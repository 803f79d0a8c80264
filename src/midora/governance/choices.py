"""Closed lists of the remediation actions."""

from django.db import models
from django.utils.translation import pgettext_lazy


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action status", "Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("action status", "In progress")
    DONE = "done", pgettext_lazy("action status", "Done")
    CANCELLED = "cancelled", pgettext_lazy("action status", "Cancelled")


class ActionPriority(models.TextChoices):
    CRITICAL = "critical", pgettext_lazy("action priority", "Critical")
    HIGH = "high", pgettext_lazy("action priority", "High")
    MEDIUM = "medium", pgettext_lazy("action priority", "Medium")
    LOW = "low", pgettext_lazy("action priority", "Low")
