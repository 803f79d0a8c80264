"""ICT third-party service providers and the contractual arrangements with them."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from midora.core.models import TrackedModel


class ICTProvider(TrackedModel):
    """An ICT third-party service provider (DORA Art. 3(19))."""

    name = models.CharField(max_length=200)
    identification_code = models.CharField(max_length=50, unique=True)
    entities = models.ManyToManyField("core.LegalEntity", blank=True, related_name="ict_providers")

    scope_path = "entities"

    class Meta:
        ordering = ["name"]
        verbose_name = "ICT third-party service provider"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("thirdparty:ictprovider_detail", args=[self.pk])


class ContractualArrangement(TrackedModel):
    """A contractual arrangement on the use of ICT services (DORA Art. 28(3))."""

    reference = models.CharField(max_length=100, unique=True)
    provider = models.ForeignKey(ICTProvider, on_delete=models.PROTECT, related_name="arrangements")
    entity = models.ForeignKey(
        "core.LegalEntity", on_delete=models.PROTECT, related_name="arrangements"
    )

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("thirdparty:contractualarrangement_detail", args=[self.pk])
