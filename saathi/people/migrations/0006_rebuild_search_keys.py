"""Rebuild the stored search keys: saathi.core.names folds native-script vowel signs and
conjuncts onto their Latin spellings (ADR 0028), so every stored key changes."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from saathi.people.services import search_keys_rebuild

    search_keys_rebuild(apps.get_model("people", "Member"), apps.get_model("people", "MemberName"))


class Migration(migrations.Migration):
    dependencies = [("people", "0005_private_file_fields")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=True)]
