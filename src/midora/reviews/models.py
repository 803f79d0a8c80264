"""Review schedules and their completions; access reviews and their exceptions."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from midora.core.models import TrackedModel, user_link
from midora.reviews.choices import ReviewKind, System


class ReviewSchedule(TrackedModel):
    """A review that recurs: what, every how many months, when next, who, and its checklist."""

    entity = models.ForeignKey(
        "core.LegalEntity", on_delete=models.CASCADE, related_name="review_schedules"
    )
    kind = models.CharField(max_length=12, choices=ReviewKind.choices)
    title = models.CharField(max_length=200)
    interval_months = models.PositiveSmallIntegerField(
        "every (months)", default=3, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    next_due = models.DateField("next due")
    checklist = models.TextField(blank=True, help_text=_("One step per line."))
    controls = models.ManyToManyField(
        "compliance.Control",
        blank=True,
        related_name="review_schedules",
        help_text=_("Controls a completed review is evidence for."),
    )
    active = models.BooleanField(default=True)

    assignee_fields = ()

    class Meta:
        ordering = ["next_due", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reviews:reviewschedule_detail", args=[self.pk])

    @property
    def checklist_steps(self) -> list[str]:
        return [line.strip() for line in self.checklist.splitlines() if line.strip()]


class ReviewCompletion(TrackedModel):
    """One completed review of a schedule: when, the steps done, notes and the evidence kept."""

    schedule = models.ForeignKey(
        ReviewSchedule, on_delete=models.CASCADE, related_name="completions"
    )
    completed_on = models.DateField()
    steps_done = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    evidence = models.ForeignKey(
        "compliance.Evidence", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    next_due = models.DateField(help_text=_("The schedule's next due date set by this completion."))

    scope_path = "schedule__entity"

    class Meta:
        ordering = ["-completed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.schedule} completed {self.completed_on.isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:reviewschedule_detail", args=[self.schedule_id])


class AccessReview(TrackedModel):
    """A review of who has access to a system (RTS 2024/1774 Art. 21), signed off when done."""

    entity = models.ForeignKey(
        "core.LegalEntity", on_delete=models.CASCADE, related_name="access_reviews"
    )
    schedule = models.ForeignKey(
        ReviewSchedule,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="access_reviews",
        limit_choices_to={"kind": ReviewKind.ACCESS},
    )
    system = models.CharField(max_length=30, choices=System.choices)
    system_name = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("The system's own name (e.g. 'Fireblocks workspace')."),
    )
    period_start = models.DateField("covers from")
    period_end = models.DateField("covers to")
    accounts_reviewed = models.PositiveIntegerField(default=0)
    accounts_removed = models.PositiveIntegerField(default=0)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    findings = models.TextField(blank=True)
    signed_off_by = user_link(
        editable=False,
    )
    signed_off_at = models.DateTimeField(null=True, blank=True, editable=False)
    evidence = models.ForeignKey(
        "compliance.Evidence",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    assignee_fields = ("reviewer",)

    class Meta:
        ordering = ["-period_end", "pk"]

    def __str__(self) -> str:
        name = self.system_name or self.get_system_display()
        return (
            f"Access review {name} {self.period_start.isoformat()}..{self.period_end.isoformat()}"
        )

    def get_absolute_url(self) -> str:
        return reverse("reviews:accessreview_detail", args=[self.pk])

    @property
    def signed_off(self) -> bool:
        return self.signed_off_at is not None

    def clean(self) -> None:
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period cannot end before it starts.")
        if self.accounts_removed > self.accounts_reviewed:
            errors["accounts_removed"] = _("More accounts removed than reviewed.")
        if self.schedule_id and self.entity_id and self.schedule.entity_id != self.entity_id:
            errors["schedule"] = _("The schedule must be one of the same entity.")
        if errors:
            raise ValidationError(errors)


class AccessException(TrackedModel):
    """An account kept despite the review's rule, with why and until when."""

    review = models.ForeignKey(AccessReview, on_delete=models.CASCADE, related_name="exceptions")
    account = models.CharField(max_length=200)
    justification = models.TextField()
    approved_by = models.CharField(max_length=200, blank=True)
    expires_on = models.DateField(null=True, blank=True)

    scope_path = "review__entity"

    class Meta:
        ordering = ["review", "account"]

    def __str__(self) -> str:
        return f"{self.account} ({self.review})"

    def get_absolute_url(self) -> str:
        return reverse("reviews:accessreview_detail", args=[self.review_id])

    def clean(self) -> None:
        if not (self.justification or "").strip():
            raise ValidationError({"justification": _("Say why the account is kept.")})
