"""Gap assessments of one regime for a scope of entities, and their per-requirement results."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from midora.compliance.choices import AssessmentStatus, RequirementResultStatus
from midora.compliance.models.catalogue import Regime
from midora.core.models import TrackedModel
from midora.core.sentences import said

MATURITY = [MinValueValidator(0), MaxValueValidator(5)]


class Assessment(TrackedModel):
    """A gap assessment / maturity check of ONE regime (MiCA, or DORA with its RTS)."""

    Status = AssessmentStatus

    title = models.CharField(max_length=200)
    regime = models.CharField(max_length=10, choices=Regime.choices)
    entities = models.ManyToManyField("core.LegalEntity", related_name="assessments")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    started_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    scope_path = "entities"

    class Meta:
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("compliance:assessment_detail", args=[self.pk])


class RequirementResult(TrackedModel):
    """The assessor's finding on one applicable requirement, with the pre-filled suggestion."""

    Status = RequirementResultStatus

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="results")
    requirement = models.ForeignKey(
        "compliance.Requirement", on_delete=models.PROTECT, related_name="results"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, blank=True, help_text=_("Empty: not assessed yet.")
    )
    current_maturity = models.PositiveSmallIntegerField(null=True, blank=True, validators=MATURITY)
    target_maturity = models.PositiveSmallIntegerField(null=True, blank=True, validators=MATURITY)
    rationale = models.TextField(blank=True)
    evidence_considered = models.ManyToManyField(
        "compliance.Evidence", blank=True, related_name="results"
    )
    suggested_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    suggested_maturity = models.PositiveSmallIntegerField(null=True, blank=True)
    suggestion = models.TextField(blank=True, help_text=_("Why the status was suggested."))
    # the suggestion as template and values (Sentence.as_json), said in the reader's language
    suggestion_sentence = models.JSONField(default=dict, blank=True, editable=False)
    applicability = models.TextField(blank=True, help_text=_("Why the requirement applies."))

    scope_path = "assessment__entities"

    class Meta:
        ordering = ["assessment_id", "requirement__framework__code", "requirement__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "requirement"], name="one_result_per_requirement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.requirement.ref}"

    def get_absolute_url(self) -> str:
        return reverse("compliance:result_edit", args=[self.pk])

    @property
    def said_suggestion(self) -> str:
        """Why the status was suggested, in the reader's language (its English if kept before)."""
        return said(self.suggestion_sentence, self.suggestion)

    @property
    def is_gap(self) -> bool:
        return self.status in {self.Status.NOT_MET, self.Status.PARTIALLY_MET}

    def clean(self) -> None:
        if self.status == self.Status.NOT_APPLICABLE and not self.rationale.strip():
            raise ValidationError(
                {"rationale": _("Not applicable needs a justification in the rationale.")}
            )
