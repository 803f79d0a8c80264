"""ICT third-party service providers (DORA Art. 3(19); RoI template B_05.01)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from midora.core.models import LegalEntity, TrackedModel
from midora.suppliers import codes


class ICTProvider(TrackedModel):
    """An ICT third-party service provider (DORA Art. 3(19))."""

    name = models.CharField("legal name", max_length=200)
    identification_code = models.CharField(
        max_length=50,
        unique=True,
        help_text=_(
            "LEI where the provider has one (RoI B_05.01.c0010), else the code named below."
        ),
    )
    entities = models.ManyToManyField("core.LegalEntity", blank=True, related_name="ict_providers")
    code_type = models.CharField(
        "type of code", max_length=20, choices=codes.identifier_types, default=codes.LEI_TYPE
    )
    additional_code = models.CharField("additional identification code", max_length=50, blank=True)
    additional_code_type = models.CharField(
        "type of additional code", max_length=20, choices=codes.identifier_types, blank=True
    )
    name_latin = models.CharField(
        "name in Latin alphabet",
        max_length=200,
        blank=True,
        help_text=_("Only when the legal name is written in another alphabet."),
    )
    person_type = models.CharField(
        "type of person", max_length=20, choices=codes.person_types, default="eba_CT:x212"
    )
    hq_country = models.CharField(
        "headquarters country", max_length=20, choices=codes.countries, blank=True
    )
    currency = models.CharField(max_length=20, choices=codes.currencies, default=codes.EURO)
    annual_expense = models.DecimalField(
        "total annual expense",
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Total annual expense or estimated cost of the provider (B_05.01.c0100)."),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subsidiaries",
        verbose_name=_("direct parent"),
    )
    ultimate_parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ultimate_subsidiaries",
        help_text=_("The provider's ultimate parent undertaking (itself when it has none)."),
    )
    group_entity = models.ForeignKey(
        "core.LegalEntity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="as_ict_provider",
        verbose_name=_("intra-group provider"),
        help_text=_("Set when the provider is a company of the group (intra-group ICT services)."),
    )
    category = models.CharField(
        max_length=80,
        blank=True,
        help_text=_("What kind of provider, e.g. cloud, KYC, market data."),
    )
    description = models.TextField(blank=True)

    scope_path = "entities"

    class Meta:
        ordering = ["name"]
        verbose_name = _("ICT third-party service provider")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("suppliers:ictprovider_detail", args=[self.pk])

    def _check_entity_ids(self) -> None:
        """Entities named through the API must exist and be granted to the acting user."""
        from django.contrib.auth import get_user_model
        from django.core.exceptions import ValidationError

        from midora.core import audit, permissions

        pending = self.__dict__.get("entity_ids")
        if pending is None:
            return
        actor = audit.current_actor()
        user = get_user_model().objects.filter(pk=actor.user_id).first() if actor.user_id else None
        known = set(LegalEntity.objects.filter(pk__in=pending).values_list("pk", flat=True))
        bad = [
            pk
            for pk in pending
            if pk not in known or (user is not None and not permissions.entity_allowed(user, pk))
        ]
        if bad:
            raise ValidationError(
                {
                    "entity_ids": _("Legal entities %(ids)s do not exist or are not in your scope.")
                    % {"ids": bad}
                }
            )

    @property
    def is_intra_group(self) -> bool:
        return self.group_entity_id is not None

    def save(self, *args: Any, **kwargs: Any) -> None:
        pending = self.__dict__.pop("entity_ids", None)  # set by the API payload
        super().save(*args, **kwargs)
        if pending is not None:
            self.entities.set([*pending, *self._hidden_entity_ids()])

    def _hidden_entity_ids(self) -> list[int]:
        """Linked entities the acting user may not see: an API write neither shows nor drops
        them (the read output lists only the visible ones)."""
        from django.contrib.auth import get_user_model

        from midora.core import audit, permissions

        actor = audit.current_actor()
        user = get_user_model().objects.filter(pk=actor.user_id).first() if actor.user_id else None
        if user is None or permissions.sees_all_entities(user):
            return []
        granted = set(permissions.granted_entity_ids(user))
        return [pk for pk in self.entities.values_list("pk", flat=True) if pk not in granted]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from midora.suppliers.roi.rules.cells import lei_valid

        self._check_entity_ids()

        self.identification_code = self.identification_code.strip().upper()
        if self.code_type == codes.LEI_TYPE and not lei_valid(self.identification_code):
            raise ValidationError(
                {"identification_code": _("Not a valid LEI (ISO 17442 format and check digits).")}
            )
        if bool(self.additional_code) != bool(self.additional_code_type):
            raise ValidationError(
                {"additional_code_type": _("Give the additional code and its type together.")}
            )
