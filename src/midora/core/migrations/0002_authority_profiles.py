"""Load the shipped competent-authority profiles (`data/authorities.yaml`).

The profiles enter the audit trail like any other record (so `midora audit verify` finds every
row explained): the events are written with this migration's historical models and the chain's
own hash function, attributed to the `system` actor with source `migration`. Kept as its own step
apart from the schema, as the one data migration of the 0.1.0 baseline.
"""

from django.db import migrations
from django.utils import timezone


def _audit(apps, changes):
    """Append one event per (record type, id, label, action, changes, entity id or None)."""
    from midora.core.audit import GENESIS_HASH, _json_value, compute_hash, event_payload

    event_model = apps.get_model("core", "AuditEvent")
    link_model = apps.get_model("core", "AuditEventEntity")
    last = event_model.objects.order_by("-sequence").values_list("sequence", "hash").first()
    sequence, prev_hash = last if last else (0, GENESIS_HASH)
    now = timezone.now()
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)
    for record_type, record_id, label, action, values, entity_id in changes:
        sequence += 1
        event = event_model(
            sequence=sequence,
            occurred_at=now,
            actor="system",
            actor_id=None,
            source="migration",
            action=action,
            record_type=record_type,
            record_id=str(record_id),
            record_label=label[:300],
            changes=_json_value(values),
            prev_hash=prev_hash,
        )
        event.hash = prev_hash = compute_hash(prev_hash, event_payload(event))
        event.save()
        if entity_id is not None:
            link_model.objects.create(event=event, entity_id=entity_id)


def _snapshot(instance):
    """The audited values (as `midora.core.audit.snapshot` takes them from a live record)."""
    skipped = {"created_at", "updated_at", "version"}
    return {
        f.name: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if not f.primary_key and f.name not in skipped
    }


def forwards(apps, schema_editor):
    from midora.core.authority_profiles import load_profiles

    profile_model = apps.get_model("core", "AuthorityProfile")
    report = load_profiles(model=profile_model)
    _audit(
        apps,
        [
            (
                "core.authorityprofile",
                p.pk,
                f"{p.short_name} ({p.country})",
                "create",
                _snapshot(p),
                None,
            )
            for p in profile_model.objects.order_by("pk")
            if p.code in report.created
        ],
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
