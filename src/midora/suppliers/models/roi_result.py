"""The last stored build and validation of a Register of Information, shown by its page."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegisterResult(models.Model):
    """Per entity, level and reference date: the template row counts and the findings of the last
    build, when it was built, and the fingerprint of the records it was built from (the page
    compares it with the current fingerprint to say whether the result is stale)."""

    entity = models.ForeignKey(
        "core.LegalEntity", on_delete=models.CASCADE, related_name="register_results"
    )
    level = models.CharField(max_length=3)
    reference_date = models.DateField()
    template_counts = models.JSONField(default=dict, help_text=_("{template code: rows}."))
    findings = models.JSONField(
        default=list, help_text=_("The first findings (as many as the page shows), as objects.")
    )
    finding_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    built_at = models.DateTimeField()
    fingerprint = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "level", "reference_date"], name="roi_result_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entity_id}.{self.level} {self.reference_date} ({self.built_at})"
