"""Classifications, reports, cyber threats, MiCA decisions and bank-holiday overrides."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from midora.core.models import TrackedModel
from midora.incidents.choices import Decision, OverrideKind, Stage
from midora.incidents.engine.mica_decisions import DECISION_POINTS
from midora.incidents.models.incident import ImpactRevision, Incident


class ReportFrozenError(Exception):
    """A report marked as sent cannot change; a later change needs a new report."""


class Classification(TrackedModel):
    """One classification of an incident (RTS-C Art 8); earlier ones stay as history."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="classifications")
    revision = models.ForeignKey(
        ImpactRevision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_current = models.BooleanField(default=True)
    major = models.BooleanField()
    why = models.TextField()
    criteria = models.JSONField(help_text=_("Every criterion: key, article, met, why, estimated."))
    review_flags = models.JSONField(default=list, blank=True)
    ruleset_version = models.CharField(max_length=120)
    economic_impact_eur = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    client_notification_required = models.BooleanField(
        null=True,
        default=False,
        help_text=_(
            "DORA Art 19(3): required, not required, or empty while open (field 3.30 "
            "not known yet)."
        ),
    )
    client_notification_why = models.TextField(blank=True)
    reclassification = models.CharField(
        max_length=40, blank=True, help_text=_("Outcome against the previous classification.")
    )
    reclassification_why = models.TextField(blank=True)
    # The sentences above as template and values, said in the reader's language on pages
    # (incidents.engine.results.sentence_rows); empty for a classification kept before.
    sentences = models.JSONField(default=dict, blank=True, editable=False)

    scope_path = "incident__entity"

    class Meta:
        ordering = ["incident", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.incident.labelled_reference}: {'major' if self.major else 'not major'}"

    def get_absolute_url(self) -> str:
        return reverse("incidents:incident_detail", args=[self.incident_id])


class IncidentReport(TrackedModel):
    """A report to the competent authority (RTS-R Arts 1-4; ITS 2025/302), frozen once sent."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="reports")
    stage = models.CharField(max_length=45, choices=Stage.choices)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    content = models.JSONField(default=dict, blank=True, help_text=_("IR-1.2.1 document."))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    scope_path = "incident__entity"

    class Meta:
        ordering = ["incident", "created_at", "pk"]
        verbose_name = _("incident report")

    def __str__(self) -> str:
        return f"{self.incident.labelled_reference} · {self.get_stage_display()}"

    def get_absolute_url(self) -> str:
        return reverse("incidents:report_detail", args=[self.pk])

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = type(self)._base_manager.filter(pk=self.pk).values("sent_at").first()
            if stored and stored["sent_at"] is not None:
                raise ReportFrozenError(
                    f"{self} was sent on {stored['sent_at']:%Y-%m-%d %H:%M} UTC and is frozen; "
                    "create a new report for any change."
                )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.is_sent:
            raise ReportFrozenError(f"{self} was sent and cannot be deleted.")
        return super().delete(*args, **kwargs)


class CyberThreat(TrackedModel):
    """A cyber threat assessed under RTS-C Art 10, with its voluntary notification (DORA 19(2))."""

    entity = models.ForeignKey(
        "core.LegalEntity", on_delete=models.PROTECT, related_name="cyber_threats"
    )
    title = models.CharField(max_length=200)
    description = models.TextField()
    detected_at = models.DateTimeField(_("detected"), null=True, blank=True)
    facts = models.JSONField(default=dict, help_text=_("Threat facts (RTS-C Art 10 inputs)."))
    significant = models.BooleanField(default=False, editable=False)
    conditions = models.JSONField(default=dict, blank=True, editable=False)
    why = models.TextField(blank=True, editable=False)
    potential_impact = models.TextField(blank=True)
    status = models.CharField(max_length=60, default="active")
    actions_taken = models.TextField(blank=True)
    indicators_of_compromise = models.TextField(blank=True)
    contact_name = models.CharField(
        _("contact person"), max_length=200, blank=True, help_text=_("For the competent authority.")
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    notification = models.JSONField(default=dict, blank=True, editable=False)
    notification_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    notified_at = models.DateTimeField(
        _("notification sent"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-detected_at", "-pk"]
        verbose_name = _("cyber threat")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("incidents:cyberthreat_detail", args=[self.pk])


class MicaDecision(TrackedModel):
    """A MiCA decision point on an incident (MiCA Arts 68-92), separate from the DORA path."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="mica_decisions")
    point = models.CharField(max_length=40, choices=[(p.key, p.label) for p in DECISION_POINTS])
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    rationale = models.TextField(blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    scope_path = "incident__entity"

    class Meta:
        ordering = ["incident", "pk"]
        verbose_name = _("MiCA decision")
        constraints = [
            models.UniqueConstraint(fields=["incident", "point"], name="one_decision_per_point")
        ]

    def __str__(self) -> str:
        return f"{self.incident.labelled_reference} · {self.get_point_display()}"

    def get_absolute_url(self) -> str:
        return reverse("incidents:incident_detail", args=[self.incident_id]) + "#mica"


class HolidayOverride(TrackedModel):
    """A competent authority's departure from the public-holiday calendar (RTS-R Art 5(4))."""

    competent_authority = models.CharField(max_length=200)
    country = models.CharField(max_length=2)
    day = models.DateField()
    kind = models.CharField(max_length=10, choices=OverrideKind.choices, default=OverrideKind.ADD)
    name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["country", "competent_authority", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["competent_authority", "country", "day"], name="one_override_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competent_authority} {self.day} ({self.get_kind_display()})"
