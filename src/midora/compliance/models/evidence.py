"""Evidence items (a stored file or a reference), their versions and their links to controls."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from midora.compliance.choices import EvidenceCategory, EvidenceKind
from midora.compliance.engine.freshness import (
    EvidenceItem,
    EvidenceState,
    evidence_state,
    review_due_date,
)
from midora.core.models import TrackedModel, user_link


class Evidence(TrackedModel):
    """Where a policy, record or approval lives, what period it covers and when it is reviewed."""

    Kind = EvidenceKind

    Category = EvidenceCategory

    entity = models.ForeignKey(
        "core.LegalEntity", on_delete=models.CASCADE, related_name="evidence"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FILE)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.RECORD)
    description = models.TextField(blank=True)
    location = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("Where it lives: a URL or a system record (e.g. 'GRC tool, record POL-12')."),
    )
    effective_from = models.DateField(help_text=_("Start of the period the evidence covers."))
    effective_to = models.DateField(
        null=True,
        blank=True,
        help_text=_("End of the period it covers (not its review date: see next review)."),
    )
    next_review_on = models.DateField(
        "next review",
        null=True,
        blank=True,
        help_text=_(
            "When it must be reviewed again; empty: the review interval after the end of "
            "the period covered (or its approval)."
        ),
    )
    review_interval_days = models.PositiveIntegerField(
        default=365, validators=[MinValueValidator(1)]
    )
    approved_by = user_link()
    approved_on = models.DateField(null=True, blank=True)
    controls = models.ManyToManyField(
        "compliance.Control", through="compliance.EvidenceLink", related_name="evidence", blank=True
    )
    # kept from the dates above by save(), so that the database counts and groups by freshness;
    # derived from audited fields, so not audited itself
    review_due_on = models.DateField(editable=False, blank=True, db_index=True)

    audit_exclude = TrackedModel.audit_exclude | {"review_due_on"}
    _REVIEW_DATES = ("effective_from", "effective_to", "approved_on", "next_review_on")

    class Meta:
        ordering = ["entity__name", "title", "pk"]
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("compliance:evidence_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.effective_to and self.effective_from and self.effective_to < self.effective_from:
            errors["effective_to"] = "The period cannot end before it starts."
        if (
            self.next_review_on
            and self.effective_from
            and self.next_review_on < self.effective_from
        ):
            errors["next_review_on"] = "The next review cannot predate the start of the period."
        if self.approved_on and self.effective_from and self.approved_on < self.effective_from:
            errors["approved_on"] = "Approval cannot predate the start of the period covered."
        if self.kind == self.Kind.REFERENCE and not self.location.strip():
            errors["location"] = "A reference needs a location (URL or system record)."
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_review_due()
        fields = kwargs.get("update_fields")
        if fields is not None and {*fields} & {*self._REVIEW_DATES, "review_interval_days"}:
            kwargs["update_fields"] = {*fields, "review_due_on"}
        super().save(*args, **kwargs)

    def refresh_review_due(self) -> None:
        """Set `review_due_on` from the item's dates (save() does; call it before bulk_create)."""
        start, end, approved, next_review = (
            self._meta.get_field(name).to_python(getattr(self, name)) for name in self._REVIEW_DATES
        )
        if start is None:  # not a valid record yet: the database refuses it
            return
        self.review_due_on = review_due_date(
            start,
            int(self.review_interval_days or 1),
            approved if approved and approved >= start else None,
            end,
            next_review,
        )

    def as_item(self, control_id: str = "") -> EvidenceItem:
        return EvidenceItem(
            id=str(self.pk),
            control_id=control_id,
            collected_on=self.effective_from,
            review_interval_days=self.review_interval_days,
            approved_on=self.approved_on
            if self.approved_on and self.approved_on >= self.effective_from
            else None,
            effective_to=self.effective_to,
            next_review_on=self.next_review_on,
        )

    def state(self, today: dt.date | None = None) -> EvidenceState:
        from django.utils import timezone

        return evidence_state(self.as_item(), today or timezone.localdate())

    @property
    def latest_version(self) -> EvidenceVersion | None:
        return self.versions.order_by("-number").first()


class EvidenceVersion(TrackedModel):
    """One uploaded file of an evidence item; a new upload is a new version, old ones stay."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.BigIntegerField(help_text=_("Bytes."))
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    scope_path = "evidence__entity"

    class Meta:
        ordering = ["evidence_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "number"], name="one_evidence_version_no")
        ]

    def __str__(self) -> str:
        return f"{self.evidence} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("compliance:evidence_detail", args=[self.evidence_id])


class EvidenceLink(TrackedModel):
    """Evidence x control: this item shows that the control operates."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="links")
    control = models.ForeignKey(
        "compliance.Control", on_delete=models.CASCADE, related_name="evidence_links"
    )
    note = models.CharField(max_length=300, blank=True)

    scope_path = "evidence__entity"

    class Meta:
        ordering = ["control__code", "evidence__title"]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "control"], name="one_link_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.evidence} → {self.control.code}"

    def get_absolute_url(self) -> str:
        return reverse("compliance:evidence_detail", args=[self.evidence_id])
