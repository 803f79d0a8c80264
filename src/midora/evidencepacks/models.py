"""The register of issued evidence packs: what each held, for whom, and its signed root."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from midora.core.models import LegalEntity


class IssuedPackQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> models.QuerySet:
        """Packs whose every entity is among the user's (all of them for an administrator)."""
        from midora.core import permissions

        packs = self.select_related("built_by")
        if permissions.sees_all_entities(user):
            return packs
        if not permissions.can_read_registers(user):
            return packs.none()
        granted = permissions.granted_entity_ids(user)
        return packs.exclude(entities__in=LegalEntity.objects.exclude(pk__in=granted)).distinct()


class IssuedPack(models.Model):
    """One built pack. Immutable: building again issues a new pack with a new root."""

    pack_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    merkle_root = models.CharField(max_length=64, unique=True)
    key_fingerprint = models.CharField(max_length=64)
    selection = models.JSONField(default=dict)
    description = models.CharField(max_length=500)
    recipient = models.CharField(max_length=200)
    purpose = models.CharField(max_length=500, blank=True)
    built_at = models.DateTimeField()
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    built_by_name = models.CharField(max_length=150)
    entities = models.ManyToManyField("core.LegalEntity", related_name="+")
    period_from = models.DateField(null=True, blank=True)
    period_to = models.DateField(null=True, blank=True)
    file_count = models.PositiveIntegerField(default=0)
    evidence_files = models.PositiveIntegerField(default=0)
    evidence_bytes = models.BigIntegerField(default=0)
    audit_events = models.PositiveIntegerField(default=0)
    archive_sha256 = models.CharField(_("SHA-256 of the archive"), max_length=64)
    archive_size = models.BigIntegerField(default=0)
    stored_name = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("The kept copy under MIDORA_HOME (web and API builds)."),
    )

    objects = IssuedPackQuerySet.as_manager()

    scope_path = "entities"

    class Meta:
        ordering = ["-built_at", "-pk"]
        verbose_name = _("issued evidence pack")

    def __str__(self) -> str:
        return gettext("Evidence pack %(pack)s for %(recipient)s") % {
            "pack": str(self.pack_id)[:8],
            "recipient": self.recipient,
        }

    def get_absolute_url(self) -> str:
        return reverse("evidencepacks:detail", args=[self.pk])

    @property
    def download_name(self) -> str:
        return f"midora-evidence-pack-{str(self.pack_id)[:8]}.zip"
