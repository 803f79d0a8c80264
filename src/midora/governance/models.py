"""Remediation actions and decisions of the management body."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from midora.core.models import TrackedModel


class Action(TrackedModel):
    """One remediation action, whatever opened it (an assessment gap, a contract-clause gap,
    a test finding, an incident's lesson, a risk). `source_type` + `source_id` say what opened it."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    class Priority(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    entity = models.ForeignKey("core.LegalEntity", on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    source_type = models.CharField(
        max_length=40,
        blank=True,
        help_text="What opened the action, e.g. compliance.requirementresult.",
    )
    source_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:action_detail", args=[self.pk])
