"""Generated board packs, kept as snapshots (PDF with its SHA-256 and the figures it used)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from midora.core.models import LegalEntity


class BoardPackQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> models.QuerySet:
        """Packs whose every entity is among the user's (all of them for an administrator)."""
        from midora.core import permissions

        packs = self.select_related("entity", "author")
        if permissions.sees_all_entities(user):
            return packs
        granted = permissions.granted_entity_ids(user)
        return packs.exclude(entities__in=LegalEntity.objects.exclude(pk__in=granted)).distinct()


class BoardPack(models.Model):
    """One generated pack. Immutable: a new generation is a new snapshot."""

    period_from = models.DateField()
    period_to = models.DateField()
    entity = models.ForeignKey(
        "core.LegalEntity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="board_packs",
        help_text=_("Empty for the whole group within the author's scope."),
    )
    entities = models.ManyToManyField("core.LegalEntity", related_name="+", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sha256 = models.CharField(max_length=64)
    pdf_size = models.PositiveIntegerField(default=0)
    figures = models.JSONField(default=dict)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = BoardPackQuerySet.as_manager()

    scope_path = "entities"

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        who = self.entity.name if self.entity else gettext("group")
        return gettext("Board pack %(start)s..%(end)s (%(scope)s)") % {
            "start": self.period_from,
            "end": self.period_to,
            "scope": who,
        }

    def get_absolute_url(self) -> str:
        return reverse("boardpack:detail", args=[self.pk])
