"""The application file of one entity: the RTS 2025/305 items it must answer, with evidence."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from midora.authorisation.choices import DossierStatus, ItemStatus
from midora.core.models import TrackedModel, user_link


class Dossier(TrackedModel):
    """MiCA Art. 62: the authorisation application of one legal entity, and after authorisation
    the baseline that must stay true (Art. 59)."""

    entity = models.OneToOneField(
        "core.LegalEntity", on_delete=models.PROTECT, related_name="dossier"
    )
    title = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=DossierStatus.choices, default=DossierStatus.PREPARING
    )
    received_on = models.DateField(
        _("received by the authority"), null=True, blank=True, help_text=_("MiCA Art. 63(1).")
    )
    acknowledged_on = models.DateField(null=True, blank=True)
    complete_on = models.DateField(
        _("complete application on"),
        null=True,
        blank=True,
        help_text=_("Day the authority had the complete application (MiCA Art. 63(4), (9))."),
    )
    decided_on = models.DateField(_("decision on"), null=True, blank=True)
    baseline_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_(
            "When the authorised file became the baseline; later evidence changes flag items."
        ),
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["entity__name"]

    def __str__(self) -> str:
        return self.title or gettext("Authorisation dossier of %(entity)s") % {
            "entity": self.entity
        }

    def get_absolute_url(self) -> str:
        return reverse("authorisation:dossier", args=[self.pk])


class DossierItem(TrackedModel):
    """One information item of Delegated Regulation (EU) 2025/305, answered for one applicant."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="items")
    requirement = models.ForeignKey(
        "compliance.Requirement", on_delete=models.PROTECT, related_name="dossier_items"
    )
    position = models.PositiveIntegerField(default=0, help_text=_("Order of the RTS."))
    answer = models.TextField(blank=True, help_text=_("Markdown."))
    status = models.CharField(
        max_length=20, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    reviewer = user_link(
        help_text=_("Who approves the answer."),
    )
    approved_by = user_link(
        editable=False,
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    needs_review = models.BooleanField(
        default=False, help_text=_("Evidence behind the approved answer changed (MiCA Art. 59).")
    )
    review_reason = models.CharField(max_length=300, blank=True)
    applies = models.BooleanField(
        default=True, help_text=_("False once the offerings no longer call for it.")
    )

    scope_path = "dossier__entity"
    assignee_fields = ("reviewer",)

    class Meta:
        ordering = ["dossier", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "requirement"], name="one_item_per_requirement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.requirement.ref} {self.requirement.title}"

    def get_absolute_url(self) -> str:
        return reverse("authorisation:item", args=[self.pk])


class ItemEvidence(TrackedModel):
    """A document attached to an answer, pinned to one version, with its MiCA statement."""

    item = models.ForeignKey(DossierItem, on_delete=models.CASCADE, related_name="attachments")
    evidence = models.ForeignKey(
        "compliance.Evidence", on_delete=models.PROTECT, related_name="dossier_attachments"
    )
    pinned_version = models.ForeignKey(
        "compliance.EvidenceVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The version the answer rests on (empty for a reference without a file)."),
    )
    statement = models.TextField(
        help_text=_(
            'Why this evidence is valid for this MiCA item ("valid for MiCA item X because '
            '..."), in MiCA terms, even when the same evidence serves DORA.'
        )
    )

    scope_path = "item__dossier__entity"

    class Meta:
        ordering = ["item", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "evidence"], name="one_pin_per_evidence")
        ]

    def __str__(self) -> str:
        pinned = self.pinned_version
        return f"{self.evidence} v{pinned.number if pinned else '-'}"

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()


class ItemComment(TrackedModel):
    """A remark on an item by the drafter, the reviewer or anyone preparing the file."""

    item = models.ForeignKey(DossierItem, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField()

    scope_path = "item__dossier__entity"

    class Meta:
        ordering = ["item", "created_at"]

    def __str__(self) -> str:
        return gettext("Comment on %(ref)s") % {"ref": self.item.requirement.ref}

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()
