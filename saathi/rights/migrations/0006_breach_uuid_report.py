import uuid

from django.db import migrations, models


def fill_uuids(apps, schema_editor):
    Breach = apps.get_model("rights", "Breach")
    for breach in Breach.objects.filter(uuid__isnull=True).only("pk"):
        Breach.objects.filter(pk=breach.pk).update(uuid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("rights", "0005_breach"),
    ]

    operations = [
        migrations.AddField(
            model_name="breach",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="breach",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddField(
            model_name="breach",
            name="board_report_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterModelOptions(
            name="breach",
            options={"ordering": ["-detected_at", "-id"]},
        ),
    ]
