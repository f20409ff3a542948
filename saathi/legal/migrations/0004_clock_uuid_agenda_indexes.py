"""Clock rows get a uuid (the agenda's reminder key, kept while the clock is unchanged);
the agenda reads clocks and next dates in (date, uuid) order, the order of its keys."""

import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    MatterClock = apps.get_model("legal", "MatterClock")
    batch = []
    for row in MatterClock.objects.filter(uuid__isnull=True).only("pk").iterator(chunk_size=2000):
        row.uuid = uuid.uuid4()
        batch.append(row)
        if len(batch) >= 2000:
            MatterClock.objects.bulk_update(batch, ["uuid"])
            batch = []
    MatterClock.objects.bulk_update(batch, ["uuid"])


class Migration(migrations.Migration):
    dependencies = [("legal", "0003_backfill_steps_clocks")]

    operations = [
        migrations.AddField(
            model_name="matterclock",
            name="uuid",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="matterclock",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddIndex(
            model_name="matterclock",
            index=models.Index(fields=["due_on", "uuid"], name="legal_clock_agenda"),
        ),
        migrations.AddIndex(
            model_name="legalmatter",
            index=models.Index(
                fields=["organisation", "next_date", "uuid"], name="legal_matter_org_agenda"
            ),
        ),
    ]
