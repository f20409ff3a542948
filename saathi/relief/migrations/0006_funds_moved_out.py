"""Fundraising left relief for the funds app (ADR 0023): state only.

The tables and their rows stay; relief forgets the models, and a programme's campaign is
now a ``funds.Campaign`` (the same table, so the column and its constraint do not change)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('funds', '0001_initial'),
        ('relief', '0005_list_timeline'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='expenditure',
                    name='campaign',
                ),
                migrations.RemoveField(
                    model_name='donation',
                    name='campaign',
                ),
                migrations.AlterField(
                    model_name='programme',
                    name='campaign',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='programmes', to='funds.campaign'),
                ),
                migrations.RemoveField(
                    model_name='donation',
                    name='organisation',
                ),
                migrations.RemoveField(
                    model_name='donation',
                    name='recorded_by',
                ),
                migrations.RemoveField(
                    model_name='donation',
                    name='reverses',
                ),
                migrations.RemoveField(
                    model_name='expenditure',
                    name='distribution',
                ),
                migrations.RemoveField(
                    model_name='expenditure',
                    name='organisation',
                ),
                migrations.RemoveField(
                    model_name='expenditure',
                    name='programme',
                ),
                migrations.RemoveField(
                    model_name='expenditure',
                    name='recorded_by',
                ),
                migrations.RemoveField(
                    model_name='expenditure',
                    name='reverses',
                ),
                migrations.DeleteModel(
                    name='Campaign',
                ),
                migrations.DeleteModel(
                    name='Donation',
                ),
                migrations.DeleteModel(
                    name='Expenditure',
                ),
            ],
        ),
    ]
