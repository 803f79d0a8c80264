"""Information and ICT assets and the ICT risk register."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from midora.core.models import TrackedModel


class ICTAsset(TrackedModel):
    """An information or ICT asset (DORA Art. 8(1); RTS 2024/1774 Art. 4)."""

    entity = models.ForeignKey(
        "core.LegalEntity", on_delete=models.CASCADE, related_name="ict_assets"
    )
    name = models.CharField(max_length=200)
    asset_type = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "ICT asset"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ictrisk:ictasset_detail", args=[self.pk])
