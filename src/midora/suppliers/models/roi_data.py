"""Register-of-Information facts about core records that the core records do not hold."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from midora.core.models import TrackedModel
from midora.suppliers import codes


class EntityRegisterData(TrackedModel):
    """B_01.02 facts of one legal entity (dates, currency, total assets) and its B_99.01
    definitions when it maintains the register."""

    entity = models.OneToOneField(
        "core.LegalEntity", on_delete=models.CASCADE, related_name="roi_data"
    )
    hierarchy = models.CharField(
        "hierarchy in the group",
        max_length=20,
        choices=codes.hierarchies,
        blank=True,
        help_text=_("Derived from the parent when empty."),
    )
    integrated_on = models.DateField("integrated in the register", null=True, blank=True)
    deleted_on = models.DateField("deleted from the register", null=True, blank=True)
    last_update = models.DateField("date of last update", null=True, blank=True)
    currency = models.CharField(max_length=20, choices=codes.currencies, default=codes.EURO)
    total_assets = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    definitions = models.JSONField(
        default=dict, blank=True, help_text=_("B_99.01 definitions, by column code.")
    )

    class Meta:
        verbose_name = _("entity register data")
        verbose_name_plural = _("entity register data")

    def __str__(self) -> str:
        return f"Register data · {self.entity_id and self.entity}"


class FunctionRegisterData(TrackedModel):
    """B_06.01 facts of one business function that core.BusinessFunction does not hold."""

    function = models.OneToOneField(
        "core.BusinessFunction", on_delete=models.CASCADE, related_name="roi_data"
    )
    licenced_activity = models.CharField(
        max_length=20, choices=codes.licenced_activities, blank=True
    )
    criticality_assessment = models.CharField(
        max_length=20,
        choices=codes.yes_no_not_assessed,
        blank=True,
        help_text=_("Overrides the function's criticality in the register (e.g. not assessed)."),
    )
    discontinuation_impact = models.CharField(
        max_length=20, choices=codes.discontinuation_impacts, blank=True
    )

    scope_path = "function__entity"

    class Meta:
        verbose_name = _("function register data")
        verbose_name_plural = _("function register data")

    def __str__(self) -> str:
        return f"Register data · {self.function_id and self.function}"
