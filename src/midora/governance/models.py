"""Remediation actions and decisions of the management body."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from midora.core.models import TrackedModel
from midora.governance.choices import ActionPriority, ActionStatus

FINISHED_STATUSES = ("done", "cancelled")


class ActionQuerySet(models.QuerySet):
    def unfinished(self) -> ActionQuerySet:
        return self.exclude(status__in=FINISHED_STATUSES)

    def overdue(self, on: dt.date | None = None) -> ActionQuerySet:
        return self.unfinished().filter(due_date__lt=on or timezone.localdate())


class Action(TrackedModel):
    """One remediation action, whatever opened it (an assessment gap, a contract-clause gap,
    a test finding, an incident's lesson, a risk). `source_type` + `source_id` say what opened it."""

    Status = ActionStatus

    Priority = ActionPriority

    entity = models.ForeignKey("core.LegalEntity", on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    source_type = models.CharField(
        max_length=40,
        blank=True,
        help_text=_("What opened the action, e.g. compliance.requirementresult."),
    )
    source_id = models.CharField(max_length=64, blank=True)
    budget_needed = models.DecimalField(
        _("budget needed (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_approved = models.BooleanField(
        default=False, help_text=_("The budget needed has been granted.")
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    closed_date = models.DateField(
        null=True, blank=True, help_text=_("When it was done or cancelled (today when left empty).")
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:action_detail", args=[self.pk])

    def clean(self) -> None:
        if self.status in FINISHED_STATUSES and self.closed_date is None:
            self.closed_date = timezone.localdate()
        if self.status not in FINISHED_STATUSES and self.closed_date is not None:
            raise ValidationError(
                {"closed_date": _("Only a done or cancelled action has a closed date.")}
            )
        if self.status == self.Status.DONE:
            self.progress = 100
        opened = timezone.localdate(self.created_at) if self.created_at else timezone.localdate()
        if self.closed_date and self.closed_date < opened:  # on create too: opened today
            raise ValidationError(
                {
                    "closed_date": gettext("Cannot be before the action was opened (%(opened)s).")
                    % {"opened": opened.isoformat()}
                }
            )

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def is_overdue(self) -> bool:
        return (
            not self.is_finished
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )

    @property
    def needs_funding(self) -> bool:
        return not self.is_finished and bool(self.budget_needed) and not self.budget_approved

    @property
    def source_label(self) -> str:
        from midora.governance.engine.sources import source_label

        return source_label(self.source_type, gettext)


class Decision(TrackedModel):
    """A decision of the management body (DORA Art. 5(2); MiCA Art. 68)."""

    entity = models.ForeignKey(
        "core.LegalEntity", on_delete=models.CASCADE, related_name="decisions"
    )
    reference = models.CharField(max_length=40, help_text=_("e.g. MB-2026-07."))
    date = models.DateField()
    body = models.CharField(max_length=120, default="Management body")
    subject = models.CharField(max_length=200)
    decision = models.TextField(_("decision text"))
    minutes_reference = models.CharField(
        _("minutes (evidence)"),
        max_length=300,
        blank=True,
        help_text=_("Where the signed minutes are kept (evidence reference, document id or path)."),
    )
    actions = models.ManyToManyField(Action, blank=True, related_name="decisions")
    risks = models.ManyToManyField("ictrisk.Risk", blank=True, related_name="decisions")

    class Meta:
        ordering = ["-date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "reference"], name="decision_reference_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("governance:decision_detail", args=[self.pk])

    @property
    def acceptance_ids(self) -> list[int]:
        """The risk acceptances this decision grants (they point at it)."""
        return sorted(a.pk for a in self.acceptances.all())
