"""Load the shipped authority profiles and point each entity's free-text authority at one.

Both changes enter the audit trail like any other (so `midora audit verify` finds every row
explained): the events are written with this migration's historical models and the chain's own
hash function, attributed to the `system` actor with source `migration`.
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
    from midora.core.authority_profiles import load_profiles, match_profile

    profile_model = apps.get_model("core", "AuthorityProfile")
    entity_model = apps.get_model("core", "LegalEntity")
    report = load_profiles(model=profile_model)
    profiles = list(profile_model.objects.all())
    events = [
        (
            "core.authorityprofile",
            p.pk,
            f"{p.short_name} ({p.country})",
            "create",
            _snapshot(p),
            None,
        )
        for p in profiles
        if p.code in report.created
    ]
    for entity in entity_model.objects.all():
        match = match_profile(entity.competent_authority, entity.country, profiles)
        if match is not None and entity.authority_id != match.pk:
            events.append(
                (
                    "core.legalentity",
                    entity.pk,
                    entity.name,
                    "update",
                    {"authority": [entity.authority_id, match.pk]},
                    entity.pk,
                )
            )
            entity.authority_id = match.pk
            entity.save(update_fields=["authority"])
    _audit(apps, events)


def backwards(apps, schema_editor):
    entity_model = apps.get_model("core", "LegalEntity")
    for entity in entity_model.objects.exclude(authority=None).select_related("authority"):
        entity.competent_authority = entity.authority.short_name
        entity.save(update_fields=["competent_authority"])


class Migration(migrations.Migration):
    dependencies = [("core", "0004_authority_profiles")]

    operations = [migrations.RunPython(forwards, backwards)]
