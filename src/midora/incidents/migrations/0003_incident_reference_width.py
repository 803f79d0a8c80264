from django.db import migrations, models
from django.db.models.functions import Length


class Migration(migrations.Migration):
    """The numbering reads an entity's widest, then greatest, references from an index."""

    dependencies = [
        ("incidents", "0002_classification_sentences"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(
                models.F("entity"),
                models.OrderBy(Length("reference"), descending=True),
                models.OrderBy(models.F("reference"), descending=True),
                name="incident_reference_width",
            ),
        ),
    ]
