"""Closed lists of the third-party records (clause reviews, exit plans)."""

from django.db import models

from midora.suppliers.engine.clauses import ClauseFinding


class ClauseReviewFinding(models.TextChoices):
    PRESENT = ClauseFinding.PRESENT.value, "Present"
    PARTIAL = ClauseFinding.PARTIAL.value, "Partial"
    MISSING = ClauseFinding.MISSING.value, "Missing"


class ExitPlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    TESTED = "tested", "Tested"
