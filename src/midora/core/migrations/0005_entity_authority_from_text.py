"""Load the shipped authority profiles and point each entity's free-text authority at one."""

from django.db import migrations


def forwards(apps, schema_editor):
    from midora.core.authority_profiles import load_profiles, match_profile

    profile_model = apps.get_model("core", "AuthorityProfile")
    entity_model = apps.get_model("core", "LegalEntity")
    load_profiles(model=profile_model)
    profiles = list(profile_model.objects.all())
    for entity in entity_model.objects.all():
        match = match_profile(entity.competent_authority, entity.country, profiles)
        if match is not None:
            entity.authority_id = match.pk
            entity.save(update_fields=["authority"])


def backwards(apps, schema_editor):
    entity_model = apps.get_model("core", "LegalEntity")
    for entity in entity_model.objects.exclude(authority=None).select_related("authority"):
        entity.competent_authority = entity.authority.short_name
        entity.save(update_fields=["competent_authority"])


class Migration(migrations.Migration):
    dependencies = [("core", "0004_authority_profiles")]

    operations = [migrations.RunPython(forwards, backwards)]
