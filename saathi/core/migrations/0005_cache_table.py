"""The table of the database cache (login limits shared by every server process)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Idempotent: createcachetable skips a table that exists, and does nothing when the
    # cache is Redis.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_jobs")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
