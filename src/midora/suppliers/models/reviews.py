"""DORA Art. 30 contract-clause reviews and exit plans of arrangements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from midora.core.models import TrackedModel
from midora.suppliers.choices import ClauseReviewFinding, ExitPlanStatus
from midora.suppliers.clause_names import clause_choice_label
from midora.suppliers.engine.clauses import default_clauses


def clause_choices() -> list[tuple[str, str]]:
    """DORA Art. 30(2)-(3) provisions of the shipped clause catalogue."""
    return [(c.key, clause_choice_label(c)) for c in default_clauses()]


class ClauseReview(TrackedModel):
    """A reviewer's finding on one Art. 30 provision of one arrangement, on one date."""

    Finding = ClauseReviewFinding

    arrangement = models.ForeignKey(
        "suppliers.ContractualArrangement", on_delete=models.CASCADE, related_name="clause_reviews"
    )
    clause_key = models.CharField("provision", max_length=40, choices=clause_choices)
    finding = models.CharField(max_length=10, choices=Finding.choices)
    clause_reference = models.CharField(
        max_length=120,
        blank=True,
        help_text=_("Where in the contract, e.g. 'MSA § 14.2, DPA Annex 3'."),
    )
    evidence = models.CharField(
        "evidence link", max_length=500, blank=True, help_text=_("Link or document reference.")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_on = models.DateField()
    note = models.TextField(blank=True)

    scope_path = "arrangement__entity"

    class Meta:
        ordering = ["arrangement__reference", "clause_key", "-reviewed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement", "clause_key", "reviewed_on"], name="one_review_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.arrangement_id and self.arrangement} · {self.clause_key} · {self.finding}"

    def get_absolute_url(self) -> str:
        return reverse("suppliers:clausereview_detail", args=[self.pk])


class ExitPlan(TrackedModel):
    """The documented exit strategy of an arrangement (DORA Art. 28(8))."""

    Status = ExitPlanStatus

    arrangement = models.ForeignKey(
        "suppliers.ContractualArrangement", on_delete=models.CASCADE, related_name="exit_plans"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(help_text=_("How the service is moved or taken back in-house."))
    triggers = models.TextField(blank=True, help_text=_("Events that start the exit."))
    alternative_provider = models.ForeignKey(
        "suppliers.ICTProvider",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    transition_weeks = models.PositiveIntegerField(
        "transition period (weeks)", null=True, blank=True
    )
    approved_on = models.DateField(null=True, blank=True)
    last_tested = models.DateField(null=True, blank=True)

    scope_path = "arrangement__entity"

    class Meta:
        ordering = ["arrangement__reference"]

    def __str__(self) -> str:
        return f"Exit plan · {self.arrangement_id and self.arrangement}"

    def get_absolute_url(self) -> str:
        return reverse("suppliers:exitplan_detail", args=[self.pk])
