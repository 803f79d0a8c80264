"""Legal entities, the crypto-asset services they offer, and their business functions."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from midora.core.choices import Criticality, CryptoService, MicaStatus, OfferingStatus
from midora.core.codelists import country_choices, entity_type_choices, member_state_choices
from midora.core.models.base import TrackedModel
from midora.core.validators import validate_countries, validate_country, validate_lei

COUNTRY_MESSAGE = (
    "%(value)r is not an ISO 3166-1 alpha-2 country code (two upper-case letters, e.g. FR)."
)
ENTITY_TYPE_MESSAGE = (
    "%(value)r is not an entity type of the EBA closed list (e.g. eba_CT:x303 for a CASP)."
)


class LegalEntity(TrackedModel):
    """A legal entity of the group: a CASP, its holding, or another group company."""

    name = models.CharField(max_length=200)
    lei = models.CharField(
        "LEI",
        max_length=20,
        unique=True,
        validators=[validate_lei],
        help_text=_("ISO 17442 Legal Entity Identifier (20 characters, check digits verified)."),
    )
    country = models.CharField(
        max_length=2,
        choices=country_choices,
        validators=[validate_country],
        error_messages={"invalid_choice": COUNTRY_MESSAGE},
    )
    entity_type = models.CharField(
        max_length=20,
        choices=entity_type_choices,
        default="eba_CT:x303",
        error_messages={"invalid_choice": ENTITY_TYPE_MESSAGE},
        help_text=_("Type of entity as in the Register of Information (EBA closed list)."),
    )
    authority = models.ForeignKey(
        "core.AuthorityProfile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entities",
        verbose_name=_("competent authority"),
        help_text=_(
            "The national competent authority; its calendar, languages and currency apply."
        ),
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    mica_status = models.CharField(
        "MiCA status", max_length=20, choices=MicaStatus.choices, default=MicaStatus.APPLICANT
    )
    dora_in_scope = models.BooleanField("in DORA scope", default=True)
    is_microenterprise = models.BooleanField(
        "microenterprise",
        default=False,
        help_text=_(
            "Fewer than 10 staff and turnover or balance sheet up to EUR 2 million (DORA Art. 3(60))."
        ),
    )
    tlpt_designated = models.BooleanField(
        "designated for TLPT",
        default=False,
        help_text=_("Identified by the authority under DORA Art. 26(8)."),
    )
    time_zone = models.CharField(max_length=64, default="Europe/Brussels")

    scope_path = "id"

    class Meta:
        ordering = ["name"]
        verbose_name = _("legal entity")
        verbose_name_plural = _("legal entities")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:legalentity_detail", args=[self.pk])

    @property
    def reporting_currency(self) -> str:
        """The authority's reporting currency (EUR when no authority is recorded)."""
        return self.authority.reporting_currency if self.authority_id else "EUR"

    @property
    def authority_country(self) -> str:
        """The country of the competent authority (the entity's own country when none is set)."""
        return self.authority.country if self.authority_id else self.country


class ServiceOffering(TrackedModel):
    """One MiCA crypto-asset service (Art. 3(1)(16)) offered, or applied for, by one entity."""

    entity = models.ForeignKey(LegalEntity, on_delete=models.CASCADE, related_name="offerings")
    service = models.CharField(max_length=30, choices=CryptoService.choices)
    member_states = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_countries],
        help_text=_("Member states where the service is offered (ISO 3166 codes)."),
    )
    status = models.CharField(
        max_length=20, choices=OfferingStatus.choices, default=OfferingStatus.ACTIVE
    )
    notes = models.TextField(blank=True)

    MEMBER_STATE_CHOICES = member_state_choices

    class Meta:
        ordering = ["entity__name", "service"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "service"], name="one_offering_per_service")
        ]

    def __str__(self) -> str:
        return f"{self.entity} · {self.get_service_display()}"

    def get_absolute_url(self) -> str:
        return reverse("core:serviceoffering_detail", args=[self.pk])


class BusinessFunction(TrackedModel):
    """A business function of an entity, assessed as critical or important or not (DORA Art. 3(22))."""

    entity = models.ForeignKey(LegalEntity, on_delete=models.CASCADE, related_name="functions")
    identifier = models.CharField(
        max_length=40,
        help_text=_("Function identifier used in the Register of Information (e.g. F-CUST-01)."),
    )
    name = models.CharField(max_length=200)
    criticality = models.CharField(
        max_length=20, choices=Criticality.choices, default=Criticality.NOT_CRITICAL
    )
    criticality_rationale = models.TextField(blank=True)
    rto_hours = models.DecimalField(
        "RTO (hours)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    rpo_hours = models.DecimalField(
        "RPO (hours)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    crypto_services = models.JSONField(
        default=list, blank=True, help_text=_("Crypto-asset services this function supports.")
    )
    last_assessed = models.DateField("last criticality assessment", null=True, blank=True)

    class Meta:
        ordering = ["entity__name", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "identifier"], name="function_identifier_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.identifier} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("core:businessfunction_detail", args=[self.pk])

    @property
    def is_critical(self) -> bool:
        return self.criticality == Criticality.CRITICAL_OR_IMPORTANT

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        unknown = sorted(set(self.crypto_services or []) - set(CryptoService.values))
        if unknown:
            raise ValidationError(
                {
                    "crypto_services": _("Unknown crypto-asset services: %(codes)s.")
                    % {"codes": ", ".join(unknown)}
                }
            )
        if self.criticality == Criticality.CRITICAL_OR_IMPORTANT and not self.criticality_rationale:
            raise ValidationError(
                {"criticality_rationale": _("Say why this function is critical or important.")}
            )
