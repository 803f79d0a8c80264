"""Compliance records. The control library is shared by every regime; mappings stay per regime."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from midora.core.models import TrackedModel


class Control(TrackedModel):
    """A control of the CASP's control library (mapped separately to MiCA and to DORA)."""

    code = models.CharField(max_length=30, unique=True)
    title = models.CharField(max_length=200)
    area = models.CharField(max_length=60, blank=True)
    entities = models.ManyToManyField("core.LegalEntity", blank=True, related_name="controls")

    scope_path = "entities"

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("compliance:control_detail", args=[self.pk])
