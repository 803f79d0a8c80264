"""Each evidence item keeps the day its review falls due, so that the crosswalk and the evidence
counts group by freshness in the database.

Added empty, filled in batches from the dates it derives from (the rule of
`midora.compliance.engine.freshness.review_due_date`, written out here so that this step does not
change when the code does), then required.
"""

import datetime as dt
from collections import defaultdict

from django.db import migrations, models

BATCH = 900  # ids per UPDATE, within SQLite's limit on query parameters


def _due(start, interval, approved, end, next_review):
    if next_review is not None:
        return next_review
    approved = approved if approved and approved >= start else None
    return max(start, end or start, approved or start) + dt.timedelta(days=interval or 1)


def fill_review_due(apps, schema_editor):
    """One UPDATE per due date (a few hundred dates, however many items)."""
    Evidence = apps.get_model("compliance", "Evidence")
    by_day = defaultdict(list)
    rows = Evidence.objects.values_list(
        "pk",
        "effective_from",
        "review_interval_days",
        "approved_on",
        "effective_to",
        "next_review_on",
    )
    for pk, *dates in rows.iterator(chunk_size=BATCH):
        by_day[_due(*dates)].append(pk)
    for day, ids in by_day.items():
        for first in range(0, len(ids), BATCH):
            Evidence.objects.filter(pk__in=ids[first : first + BATCH]).update(review_due_on=day)


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="evidence",
            name="review_due_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        # a derived column: going back drops it, nothing to undo
        migrations.RunPython(fill_review_due, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="evidence",
            name="review_due_on",
            field=models.DateField(blank=True, db_index=True, editable=False),
        ),
    ]
