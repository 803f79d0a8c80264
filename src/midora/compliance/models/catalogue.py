"""Frameworks (versioned catalogue files) and their hierarchical requirements."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from midora.compliance.choices import Regime
from midora.core.models import TrackedModel


class Framework(TrackedModel):
    """One loaded catalogue: MiCA, DORA, RTS 2024/1774 or RTS 2024/1773, at one version.

    Catalogues are reference data shared by every legal entity (not scoped to one).
    """

    code = models.CharField(max_length=20, unique=True)
    regime = models.CharField(max_length=10, choices=Regime.choices)
    regulation = models.CharField(max_length=200)
    consolidated_date = models.DateField(
        help_text=_("Date of the legal text the catalogue reflects.")
    )
    catalogue_version = models.CharField(max_length=20)
    celex = models.CharField("CELEX", max_length=20, blank=True)
    source_url = models.URLField(max_length=300, blank=True)
    scope_note = models.CharField(max_length=300, blank=True)
    status_note = models.CharField(max_length=200, blank=True)
    source_file = models.CharField(max_length=200, blank=True)

    scope_path = ""  # reference data: every reader sees it

    class Meta:
        ordering = ["regime", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.catalogue_version}"

    def get_absolute_url(self) -> str:
        return reverse("compliance:framework_detail", args=[self.code])


class Requirement(TrackedModel):
    """One article, paragraph, point or subparagraph of a catalogue.

    `ref` is the stable identifier (e.g. DORA-30.3.e.i); a requirement dropped by a newer catalogue
    version is marked withdrawn, never deleted, so mappings and past assessments stay readable.
    """

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="requirements")
    ref = models.CharField("identifier", max_length=40, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    position = models.PositiveIntegerField(default=0, help_text=_("Order in the catalogue file."))
    article = models.CharField(max_length=10)
    paragraph = models.CharField(max_length=10, blank=True)
    point = models.CharField(max_length=20, blank=True)
    subparagraph = models.CharField(max_length=10, blank=True)
    citation = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    summary = models.TextField()
    area = models.CharField(max_length=60)
    applies_when = models.JSONField(
        default=dict, help_text=_("Applicability condition, as shipped.")
    )
    applies_to_text = models.CharField(max_length=300, blank=True)
    evidence_examples = models.JSONField(default=list, blank=True)
    it_priorities = models.JSONField(default=list, blank=True)
    related = models.JSONField(default=list, blank=True)
    grouping = models.BooleanField(
        default=False, help_text=_("An article node that only groups its paragraphs.")
    )
    needs_legal_review = models.BooleanField(default=False)
    withdrawn = models.BooleanField(default=False)
    withdrawn_in = models.CharField(
        max_length=20, blank=True, help_text=_("Catalogue version that no longer holds it.")
    )

    scope_path = ""

    class Meta:
        ordering = ["framework__regime", "framework__code", "position"]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("compliance:requirement_detail", args=[self.ref])

    @property
    def regime(self) -> str:
        return self.framework.regime
