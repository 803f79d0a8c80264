"""The base of every editable record: a version counter against lost updates and an audit hook."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models, transaction
from django.db.models import F


class StaleVersionError(Exception):
    """A save was based on a version of the record that someone else has since changed."""

    def __init__(self, instance: models.Model, submitted: int, current: int | None) -> None:
        self.instance = instance
        self.submitted = submitted
        self.current = current
        label = f"{instance._meta.verbose_name} “{instance}”"
        if current is None:
            message = f"{label} was deleted by someone else while you were editing it."
        else:
            message = (
                f"{label} was changed by someone else while you were editing it "
                f"(you edited version {submitted}, it is now at version {current}). "
                "Reload to see their change, then apply yours again."
            )
        super().__init__(message)


class TrackedModel(models.Model):
    """Editable record with a version counter and an entry in the audit trail for every change.

    Subclasses say how the record reaches the legal entities that scope it (`scope_path`, a lookup
    ending at a LegalEntity) and who owns it (`owner_path`, a lookup ending at a User).
    """

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who answers for this record; a contributor may edit the records they own.",
    )

    scope_path: ClassVar[str] = "entity"
    audit_exclude: ClassVar[frozenset[str]] = frozenset({"created_at", "updated_at", "version"})

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        from midora.core import audit

        with transaction.atomic():
            if self._state.adding or self.pk is None:
                super().save(*args, **kwargs)
                audit.record_change(self, audit.CREATE, audit.snapshot(self))
                return
            before = audit.stored_snapshot(self)
            manager = type(self)._base_manager
            bumped = manager.filter(pk=self.pk, version=self.version).update(
                version=F("version") + 1
            )
            if not bumped:
                current = manager.filter(pk=self.pk).values_list("version", flat=True).first()
                raise StaleVersionError(self, self.version, current)
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version", "updated_at"}
            super().save(*args, **kwargs)
            changes = audit.diff(before, audit.snapshot(self))
            if changes:
                audit.record_change(self, audit.UPDATE, changes)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        from midora.core import audit

        with transaction.atomic():
            before = audit.snapshot(self)
            audit.record_change(self, audit.DELETE, {k: [v, None] for k, v in before.items()})
            return super().delete(*args, **kwargs)
