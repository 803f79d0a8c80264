"""Contractual arrangements on ICT services and what they cover (DORA Art. 28(3); RoI B_02-B_07)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from midora.core.models import TrackedModel
from midora.suppliers import codes


class ContractualArrangement(TrackedModel):
    """A contractual arrangement on the use of ICT services (DORA Art. 28(3))."""

    reference = models.CharField(max_length=100, unique=True)
    provider = models.ForeignKey(
        "suppliers.ICTProvider", on_delete=models.PROTECT, related_name="arrangements"
    )
    entity = models.ForeignKey(
        "core.LegalEntity",
        on_delete=models.PROTECT,
        related_name="arrangements",
        verbose_name=_("signing entity"),
    )
    title = models.CharField(max_length=200, blank=True)
    using_entities = models.ManyToManyField(
        "core.LegalEntity",
        blank=True,
        related_name="used_arrangements",
        help_text=_(
            "Entities making use of the ICT services (B_04.01); the signing entity if empty."
        ),
    )
    arrangement_type = models.CharField(
        "type of arrangement", max_length=20, choices=codes.arrangement_types, default="eba_CO:x1"
    )
    overarching = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subsequent",
        verbose_name=_("overarching arrangement"),
    )
    linked_arrangements = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="intra_group_links",
        help_text=_(
            "For an intra-group arrangement: the arrangements with ICT third-party service "
            "providers it relies on (B_02.03)."
        ),
    )
    currency = models.CharField(max_length=20, choices=codes.currencies, default=codes.EURO)
    annual_cost = models.DecimalField(
        "annual expense", max_digits=16, decimal_places=2, null=True, blank=True
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    termination_reason = models.CharField(
        max_length=20, choices=codes.termination_reasons, blank=True
    )
    notice_period_entity = models.PositiveIntegerField(
        "notice period for the entity (days)", null=True, blank=True
    )
    notice_period_provider = models.PositiveIntegerField(
        "notice period for the provider (days)", null=True, blank=True
    )
    governing_law = models.CharField(
        "country of governing law", max_length=20, choices=codes.countries, blank=True
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("suppliers:contractualarrangement_detail", args=[self.pk])

    @property
    def is_intra_group(self) -> bool:
        return self.provider.group_entity_id is not None

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        self.provider.entities.add(self.entity)  # the provider is in the signer's scope

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
        if self.arrangement_type == "eba_CO:x3" and not self.overarching_id:
            raise ValidationError(
                {"overarching": _("A subsequent arrangement names its overarching arrangement.")}
            )
        if self.overarching_id and self.overarching_id == self.pk:
            raise ValidationError({"overarching": _("An arrangement cannot overarch itself.")})


class ICTServiceUse(TrackedModel):
    """One ICT service type supplied under an arrangement for one business function (B_02.02)."""

    arrangement = models.ForeignKey(
        ContractualArrangement, on_delete=models.CASCADE, related_name="service_uses"
    )
    function = models.ForeignKey(
        "core.BusinessFunction", on_delete=models.PROTECT, related_name="ict_service_uses"
    )
    service_type = models.CharField(
        "type of ICT service", max_length=20, choices=codes.service_types
    )
    provision_country = models.CharField(
        "country of provision", max_length=20, choices=codes.locations
    )
    stores_data = models.CharField(
        "storage of data", max_length=20, choices=codes.yes_no, default=codes.YES
    )
    storage_location = models.CharField(
        "location of data at rest", max_length=20, choices=codes.locations
    )
    processing_location = models.CharField(
        "location of data processing", max_length=20, choices=codes.locations
    )
    data_sensitivity = models.CharField(
        "sensitiveness of data", max_length=20, choices=codes.data_sensitiveness, blank=True
    )
    reliance_level = models.CharField(
        "level of reliance", max_length=20, choices=codes.reliance_levels, blank=True
    )

    scope_path = "arrangement__entity"

    class Meta:
        ordering = ["arrangement__reference", "function__identifier", "service_type"]
        verbose_name = _("ICT service use")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "arrangement",
                    "function",
                    "service_type",
                    "provision_country",
                    "storage_location",
                    "processing_location",
                ],
                name="ict_service_use_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.arrangement_id and self.arrangement} · {self.service_type_label} · {self.function_id and self.function.identifier}"

    @property
    def service_type_label(self) -> str:
        return codes.label(codes.service_types(), self.service_type)

    def get_absolute_url(self) -> str:
        return reverse("suppliers:ictserviceuse_detail", args=[self.pk])


class ServiceAssessment(TrackedModel):
    """Assessment of one ICT service type under an arrangement (DORA Art. 28(4); RoI B_07.01)."""

    arrangement = models.ForeignKey(
        ContractualArrangement, on_delete=models.CASCADE, related_name="assessments"
    )
    service_type = models.CharField(
        "type of ICT service", max_length=20, choices=codes.service_types
    )
    substitutability = models.CharField(max_length=20, choices=codes.substitutability, blank=True)
    reason_not_substitutable = models.CharField(
        max_length=20, choices=codes.reasons_not_substitutable, blank=True
    )
    last_audit = models.DateField("date of the last audit", null=True, blank=True)
    exit_plan = models.CharField(
        "exit plan exists", max_length=20, choices=codes.yes_no, blank=True
    )
    reintegration = models.CharField(
        "possibility of reintegration", max_length=20, choices=codes.reintegration, blank=True
    )
    discontinuation_impact = models.CharField(
        "impact of discontinuing", max_length=20, choices=codes.discontinuation_impacts, blank=True
    )
    alternatives_identified = models.CharField(
        "alternative providers identified",
        max_length=20,
        choices=codes.yes_no_not_assessed,
        blank=True,
    )
    alternative_providers = models.CharField("alternative providers", max_length=500, blank=True)

    scope_path = "arrangement__entity"

    class Meta:
        ordering = ["arrangement__reference", "service_type"]
        verbose_name = _("ICT service assessment")
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement", "service_type"], name="one_assessment_per_service_type"
            )
        ]

    def __str__(self) -> str:
        return f"{self.arrangement} · {codes.label(codes.service_types(), self.service_type)}"

    def get_absolute_url(self) -> str:
        return reverse("suppliers:serviceassessment_detail", args=[self.pk])

    def clean(self) -> None:
        not_easy = self.substitutability in ("eba_ZZ:x959", "eba_ZZ:x960")
        if self.reason_not_substitutable and not not_easy:
            raise ValidationError(
                {
                    "reason_not_substitutable": _(
                        "Give a reason only when the provider is not, or "
                        "only with high complexity, substitutable."
                    )
                }
            )


class Subcontractor(TrackedModel):
    """A link of an ICT service supply chain (DORA Art. 29(2); RoI B_05.02): rank 1 is the
    direct provider, rank 2 its subcontractor, and so on."""

    arrangement = models.ForeignKey(
        ContractualArrangement, on_delete=models.CASCADE, related_name="supply_chain"
    )
    service_type = models.CharField(
        "type of ICT service", max_length=20, choices=codes.service_types
    )
    provider = models.ForeignKey(
        "suppliers.ICTProvider",
        on_delete=models.PROTECT,
        related_name="subcontracted_links",
        verbose_name=_("subcontractor"),
    )
    rank = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    recipient = models.ForeignKey(
        "suppliers.ICTProvider",
        on_delete=models.PROTECT,
        related_name="subcontracting_links",
        help_text=_("The provider receiving the subcontracted ICT service."),
    )

    scope_path = "arrangement__entity"

    class Meta:
        ordering = ["arrangement__reference", "service_type", "rank"]
        verbose_name = _("subcontractor")
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement", "service_type", "provider", "rank", "recipient"],
                name="supply_chain_link_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.arrangement_id and self.arrangement} · rank {self.rank} · {self.provider_id and self.provider}"

    def get_absolute_url(self) -> str:
        return reverse("suppliers:subcontractor_detail", args=[self.pk])

    def clean(self) -> None:
        if (
            self.rank
            and self.rank > 1
            and self.provider_id
            and self.provider_id == self.recipient_id
        ):
            raise ValidationError(
                {"recipient": _("From rank 2 on, the recipient is another provider of the chain.")}
            )
