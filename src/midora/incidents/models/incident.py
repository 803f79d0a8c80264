"""The incident record (one intake for every source) and the history of its impact facts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from midora.core.models import TrackedModel
from midora.incidents.choices import Source, Status


class Incident(TrackedModel):
    """An ICT-related incident (DORA Art. 17-19): timeline, links, impact facts (RTS-C Arts 1-7)."""

    entity = models.ForeignKey(
        "core.LegalEntity", on_delete=models.PROTECT, related_name="incidents"
    )
    reference = models.CharField(
        max_length=40, help_text=_("The entity's own incident reference (template field 2.1).")
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    idempotency_key = models.CharField(
        max_length=200,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Key sent by the calling system; a retried call returns the same incident."),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    occurred_at = models.DateTimeField(_("occurred"), null=True, blank=True)
    detected_at = models.DateTimeField(_("detected"), null=True, blank=True)
    aware_at = models.DateTimeField(
        _("aware"),
        null=True,
        blank=True,
        help_text=_("When the entity became aware (RTS-R Art 5)."),
    )
    classified_at = models.DateTimeField(_("classified as major"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    apparent_root_cause = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Same apparent root cause groups recurring incidents (RTS-C Art 8(2))."),
    )
    impact = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("Impact facts per RTS-C Arts 1-7, in the worked examples' `incident` format."),
    )
    report_text = models.JSONField(
        default=dict, blank=True, help_text=_("Report fields completed by hand (ITS Annex I).")
    )
    is_major = models.BooleanField(_("major"), default=False, editable=False)
    affected_entities = models.ManyToManyField(
        "core.LegalEntity", blank=True, related_name="incidents_affecting"
    )
    functions = models.ManyToManyField(
        "core.BusinessFunction", blank=True, related_name="incidents"
    )
    crypto_services = models.JSONField(
        default=list,
        blank=True,
        help_text=_("MiCA crypto-asset services affected (Art. 3(1)(16))."),
    )
    ict_assets = models.ManyToManyField("ictrisk.ICTAsset", blank=True, related_name="incidents")
    providers = models.ManyToManyField(
        "suppliers.ICTProvider", blank=True, related_name="incidents"
    )
    arrangements = models.ManyToManyField(
        "suppliers.ContractualArrangement", blank=True, related_name="incidents"
    )

    class Meta:
        ordering = ["-aware_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "reference"], name="incident_reference_unique"
            ),
            models.UniqueConstraint(
                fields=["entity", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="incident_idempotency_key_unique",
            ),
        ]
        indexes = [
            # the numbering's read (`next_reference`): an entity's widest, then greatest,
            # references in index order, however many the entity has
            models.Index(
                models.F("entity"),
                Length("reference").desc(),
                models.F("reference").desc(),
                name="incident_reference_width",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.labelled_reference} — {self.title}"

    @property
    def labelled_reference(self) -> str:
        """The reference with its entity: references are numbered per entity, so two entities
        of a group both have an INC-2026-0001."""
        return f"{self.reference} · {self.entity.name}" if self.entity_id else self.reference

    def save(self, *args: Any, **kwargs: Any) -> None:
        # one status signal: an incident with a resolved time is no longer open
        if self.resolved_at is not None and self.status == Status.OPEN:
            self.status = Status.RESOLVED
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "status"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("incidents:incident_detail", args=[self.pk])


class ImpactRevision(models.Model):
    """One state of an incident's impact facts and timeline: who changed it, when and why."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    facts = models.JSONField(help_text=_("Impact facts and timeline as recorded at this revision."))
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.CharField(max_length=150, help_text=_("Who made the change (user, cli, api)."))
    note = models.CharField(max_length=300, blank=True)

    scope_path = "incident__entity"

    class Meta:
        ordering = ["incident", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "number"], name="impact_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.incident.labelled_reference} revision {self.number}"
