"""The control library and its per-regime mappings to requirements."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from midora.compliance.choices import ControlFrequency, ControlType, MappingCoverage, MappingSource
from midora.core.models import TrackedModel


class Control(TrackedModel):
    """A control of the CASP's control library (mapped separately to MiCA and to DORA)."""

    Type = ControlType

    Frequency = ControlFrequency

    code = models.CharField(max_length=30, unique=True)
    title = models.CharField(max_length=200)
    area = models.CharField(max_length=60, blank=True)
    entities = models.ManyToManyField("core.LegalEntity", blank=True, related_name="controls")
    description = models.TextField(blank=True)
    objective = models.TextField(blank=True, help_text=_("What the control must achieve."))
    control_type = models.CharField(
        "type", max_length=20, choices=Type.choices, default=Type.PREVENTIVE
    )
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.ANNUAL)
    expected_evidence = models.JSONField(
        default=list, blank=True, help_text=_("Evidence the control is expected to produce.")
    )
    library_version = models.CharField(
        max_length=20,
        blank=True,
        help_text=_("Version of the shipped library it came from, if any."),
    )
    retired = models.BooleanField(
        default=False, help_text=_("Retired controls keep their history but support nothing.")
    )

    scope_path = "entities"

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("compliance:control_detail", args=[self.pk])


class Mapping(TrackedModel):
    """Control x requirement: argued in terms of the requirement's own law (its regime)."""

    Coverage = MappingCoverage

    Source = MappingSource

    control = models.ForeignKey(Control, on_delete=models.CASCADE, related_name="mappings")
    requirement = models.ForeignKey(
        "compliance.Requirement", on_delete=models.PROTECT, related_name="mappings"
    )
    coverage = models.CharField(max_length=10, choices=Coverage.choices, default=Coverage.PARTIAL)
    rationale = models.TextField(
        help_text=_("Why the control supports this requirement, in its law.")
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.USER)

    scope_path = "control__entities"

    class Meta:
        ordering = ["control__code", "requirement__ref"]
        constraints = [
            models.UniqueConstraint(fields=["control", "requirement"], name="one_mapping_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.control.code} → {self.requirement.ref}"

    def get_absolute_url(self) -> str:
        return reverse("compliance:mapping_detail", args=[self.pk])

    @property
    def regime(self) -> str:
        return self.requirement.framework.regime

    def clean(self) -> None:
        if not self.rationale.strip():
            raise ValidationError(
                {"rationale": _("Say why the control supports this requirement.")}
            )
        if self.requirement_id and self._state.adding:
            from midora.compliance.models.catalogue import Requirement

            requirement = Requirement.objects.filter(pk=self.requirement_id).first()
            if requirement is not None and requirement.withdrawn:
                raise ValidationError(
                    {
                        "requirement": _("%(ref)s is withdrawn; map a current requirement.")
                        % {"ref": requirement.ref}
                    }
                )
