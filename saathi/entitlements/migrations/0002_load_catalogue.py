"""Set-up loads the shipped scheme catalogue and the default letters (data/*.json)."""

from django.db import migrations


def load(apps, schema_editor):
    from saathi.entitlements.services import load_shipped_catalogue

    load_shipped_catalogue(
        apps.get_model("entitlements", "Scheme"), apps.get_model("entitlements", "LetterTemplate")
    )


class Migration(migrations.Migration):
    dependencies = [("entitlements", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
