"""Closed lists of the third-party records (clause reviews, exit plans)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from midora.suppliers.engine.clauses import ClauseFinding


class ClauseReviewFinding(models.TextChoices):
    PRESENT = ClauseFinding.PRESENT.value, _("Present")
    PARTIAL = ClauseFinding.PARTIAL.value, _("Partial")
    MISSING = ClauseFinding.MISSING.value, _("Missing")


class ExitPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    TESTED = "tested", _("Tested")
