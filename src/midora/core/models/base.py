"""The base of every editable record: a version counter against lost updates and an audit hook."""

from __future__ import annotations

from typing import Any, ClassVar

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models, router, transaction
from django.db.models import F
from django.db.models.deletion import Collector
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def user_link(**options: Any) -> models.ForeignKey:
    """A link to a user that outlives them (emptied when the user goes) and adds nothing to the
    user model: who owns, reviews, approved or signed off a record."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **options,
    )


class StaleVersionError(Exception):
    """A save was based on a version of the record that someone else has since changed.

    The message says who changed it last and when (from the audit trail) and which fields of the
    stored record now differ from what was submitted, with both values.
    """

    def __init__(
        self,
        instance: models.Model,
        submitted: int,
        current: int | None,
        differences: dict[str, list[Any]] | None = None,
    ) -> None:
        self.instance = instance
        self.submitted = submitted
        self.current = current
        self.differences = differences or {}
        self.changed_by, self.changed_at = _last_change(instance)
        values = {
            "record": f"{instance._meta.verbose_name} “{instance}”",
            "who": (
                gettext("by %(user)s") % {"user": self.changed_by}
                if self.changed_by
                else gettext("by someone else")
            ),
            "when": (
                gettext(" on %(time)s UTC") % {"time": f"{self.changed_at:%Y-%m-%d %H:%M}"}
                if self.changed_at
                else ""
            ),
            "submitted": submitted,
            "current": current,
        }
        if current is None:
            message = gettext("%(record)s was deleted %(who)s%(when)s while you were editing it.")
            message %= values
        else:
            message = gettext(
                "%(record)s was changed %(who)s%(when)s while you were editing it (you edited "
                "version %(submitted)s, it is now at version %(current)s)."
            )
            message %= values
            if self.differences:
                message += " " + gettext("Now stored, and what you sent: %(fields)s.") % {
                    "fields": "; ".join(
                        gettext("%(label)s: %(stored)s (yours: %(yours)s)")
                        % {"label": label_of(instance, name), "stored": repr(st), "yours": repr(yo)}
                        for name, (st, yo) in self.differences.items()
                    )
                }
            message += " " + gettext("Reload to see their change, then apply yours again.")
        super().__init__(message)

    def as_dict(self) -> dict[str, Any]:
        """The conflict as data (the API's 409 answer)."""
        return {
            "detail": str(self),
            "current_version": self.current,
            "changed_by": self.changed_by,
            "changed_at": self.changed_at.isoformat() if self.changed_at else None,
            "differences": [
                {"field": name, "label": label_of(self.instance, name), "stored": s, "yours": y}
                for name, (s, y) in self.differences.items()
            ],
        }


def label_of(instance: models.Model | type[models.Model], name: str) -> str:
    """A field's human label ("Residual likelihood"), or the name itself when it is no field."""
    try:
        return capfirst(str(instance._meta.get_field(name).verbose_name))
    except FieldDoesNotExist:  # not a model field: keep the name readable
        return capfirst(name.replace("_", " "))


def _last_change(instance: models.Model) -> tuple[str | None, Any]:
    from midora.core import audit

    last = audit.history(instance).order_by("-sequence").values("actor", "occurred_at").first()
    return (last["actor"], last["occurred_at"]) if last else (None, None)


class TrackedModel(models.Model):
    """Editable record with a version counter and an entry in the audit trail for every change.

    Subclasses say how the record reaches the legal entities that scope it (`scope_path`, a lookup
    ending at a LegalEntity) and who owns it (`owner_path`, a lookup ending at a User).
    """

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    owner = user_link(
        help_text=_("Who answers for this record; a contributor may edit the records they own.")
    )

    scope_path: ClassVar[str] = "entity"
    audit_exclude: ClassVar[frozenset[str]] = frozenset({"created_at", "updated_at", "version"})

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert, or update when something changed: a save that changes nothing writes nothing
        (no version bump, no audit event); a save based on a stale version is refused."""
        from midora.core import audit

        if self._state.adding or self.pk is None:
            # no savepoint of its own, as Django's save: an insert that fails ends the caller's
            # transaction anyway (a caller that recovers from IntegrityError opens its own)
            with transaction.atomic(savepoint=False):
                super().save(*args, **kwargs)
                audit.record_change(self, audit.CREATE, audit.snapshot(self))
            return
        with transaction.atomic():  # a stale version is refused and the caller may go on
            manager = type(self)._base_manager
            stored_version, before = audit.stored_state(self)
            after = audit.snapshot(self)
            if stored_version != self.version:
                raise StaleVersionError(
                    self, self.version, stored_version, _differences(before, after)
                )
            changes = audit.diff(before, after)
            if not changes:
                return
            bumped = manager.filter(pk=self.pk, version=self.version).update(
                version=F("version") + 1
            )
            if not bumped:  # changed by someone else between the read above and now
                stored_version, before = audit.stored_state(self)
                raise StaleVersionError(
                    self, self.version, stored_version, _differences(before, after)
                )
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version", "updated_at"}
            super().save(*args, **kwargs)
            audit.record_change(self, audit.UPDATE, changes)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """Delete, with an event for the record and for every tracked record the delete takes
        with it (cascades) or changes (links set to null), so the trail explains every row."""
        from midora.core import audit

        with transaction.atomic():
            audit.record_changes(_delete_effects(self))
            return super().delete(*args, **kwargs)


def _delete_effects(record: TrackedModel) -> list[tuple[models.Model, str, dict[str, Any]]]:
    """The audit events of deleting `record`, as Django's deletion collector plans it: the
    record, what cascades with it, the links it sets to null and the many-to-many links to it
    that other records lose."""
    from midora.core import audit

    collector = Collector(using=router.db_for_write(type(record)), origin=record)
    collector.collect([record])
    gone: list[models.Model] = [record]
    batches: list[Any] = [*collector.data.items()]
    batches += [(queryset.model, queryset) for queryset in collector.fast_deletes]
    link_rows: list[tuple[type[models.Model], Any]] = []
    for model, instances in batches:
        if issubclass(model, TrackedModel):
            gone += [o for o in instances if not (model is type(record) and o.pk == record.pk)]
        elif model._meta.auto_created:  # rows of a many-to-many link table
            link_rows.append((model, instances))
    effects = [
        (obj, audit.DELETE, {k: [v, None] for k, v in audit.snapshot(obj).items()}) for obj in gone
    ]
    for (field, value), updates in collector.field_updates.items():
        if not issubclass(field.model, TrackedModel):
            continue
        for batch in updates:
            for obj in batch:
                old = getattr(obj, field.attname)
                if old != value:
                    effects.append((obj, audit.UPDATE, {field.name: [old, value]}))
    effects += _links_lost(link_rows, {(type(o), o.pk) for o in gone})
    return effects


def _links_lost(
    link_rows: list[tuple[type[models.Model], Any]], gone: set[tuple[type, Any]]
) -> list[tuple[models.Model, str, dict[str, Any]]]:
    """Update events of the tracked records that keep existing but lose links to what goes."""
    from midora.core import audit

    lost: dict[tuple[type[models.Model], str], dict[Any, set[Any]]] = {}
    for through, rows in link_rows:
        for model in apps.get_models():
            if not issubclass(model, TrackedModel):
                continue
            for field in model._meta.many_to_many:
                if field.remote_field.through is not through:
                    continue
                source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
                removed = lost.setdefault((model, field.name), {})
                for row in rows:
                    owner = getattr(row, f"{source}_id")
                    if (model, owner) not in gone:
                        removed.setdefault(owner, set()).add(getattr(row, f"{target}_id"))
    effects = []
    for (model, name), removed_by_owner in lost.items():  # one read per link field
        records = model._base_manager.in_bulk(list(removed_by_owner))
        before_by_owner = audit.links_of(model, name, set(records))
        for pk, record in records.items():
            before = before_by_owner[pk]
            after = [other for other in before if other not in removed_by_owner[pk]]
            if after != before:
                effects.append((record, audit.UPDATE, {name: [before, after]}))
    return effects


def _differences(stored: dict[str, Any], submitted: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [stored value, submitted value]} for every field where the two differ."""
    if not stored:
        return {}
    return {k: [stored.get(k), v] for k, v in submitted.items() if stored.get(k) != v}
