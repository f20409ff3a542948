"""Fundraising moves out of relief into its own app (ADR 0023): state only.

The tables stay where they are (``relief_campaign``, ``relief_donation``,
``relief_expenditure``, with their rows, constraints and indexes); this migration only
tells Django that the models now belong to ``funds``. ``relief/0006_funds_moved_out``
removes them from relief's state."""

import django.db.models.deletion
import django.utils.timezone
import saathi.core.fields
import saathi.core.vault
import saathi.relief.fields
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('people', '0004_membership_list'),
        ('relief', '0005_list_timeline'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Campaign',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('reference', models.CharField(max_length=20, unique=True)),
                        ('name', models.CharField(max_length=200)),
                        ('platform', models.CharField(blank=True, max_length=100)),
                        ('partners', models.CharField(blank=True, max_length=300)),
                        ('target', saathi.relief.fields.CentsField()),
                        ('starts_on', models.DateField()),
                        ('ends_on', models.DateField(blank=True, null=True)),
                        ('description', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.organisation')),
                    ],
                    options={
                        'db_table': 'relief_campaign',
                        'ordering': ['-starts_on', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Donation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('amount', saathi.relief.fields.CentsField()),
                        ('reason', models.CharField(blank=True, max_length=300)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('donor_name', saathi.core.fields.EncryptedTextField(blank=True, default='')),
                        ('anonymous', models.BooleanField(default=False)),
                        ('received_on', models.DateField()),
                        ('channel', models.CharField(choices=[('crowdfunding', 'Crowdfunding platform'), ('bank_transfer', 'Bank transfer'), ('upi', 'UPI'), ('cheque', 'Cheque'), ('cash', 'Cash'), ('in_kind', 'In kind (goods)')], max_length=16)),
                        ('in_kind_description', models.CharField(blank=True, max_length=300)),
                        ('transaction_ref', models.CharField(blank=True, max_length=100)),
                        ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='funds.campaign')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.organisation')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('reverses', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reversed_by', to='funds.donation')),
                    ],
                    options={
                        'db_table': 'relief_donation',
                        'ordering': ['-received_on', '-id'],
                        'abstract': False,
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('amount__gt', 0), ('reverses__isnull', True)), models.Q(('amount__lt', 0), ('reverses__isnull', False)), _connector='OR'), name='relief_donation_sign')],
                    },
                ),
                migrations.CreateModel(
                    name='Expenditure',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('amount', saathi.relief.fields.CentsField()),
                        ('reason', models.CharField(blank=True, max_length=300)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('distribution_count', models.PositiveIntegerField(default=0)),
                        ('spent_on', models.DateField()),
                        ('description', models.CharField(max_length=300)),
                        ('description_code', models.CharField(blank=True, max_length=64)),
                        ('description_params', models.JSONField(blank=True, default=dict)),
                        ('paid_to', models.CharField(blank=True, max_length=200)),
                        ('receipt_file', saathi.core.vault.PrivateFileField(aad_prefix='relief-receipt')),
                        ('receipt_content_type', models.CharField(blank=True, editable=False, max_length=50)),
                        ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='funds.campaign')),
                        ('distribution', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='expenditure', to='relief.distribution')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.organisation')),
                        ('programme', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='expenditures', to='relief.programme')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('reverses', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reversed_by', to='funds.expenditure')),
                    ],
                    options={
                        'db_table': 'relief_expenditure',
                        'ordering': ['-spent_on', '-id'],
                        'abstract': False,
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('amount__gt', 0), ('reverses__isnull', True)), models.Q(('amount__lt', 0), ('reverses__isnull', False)), _connector='OR'), name='relief_expenditure_sign')],
                    },
                ),
            ],
        ),
    ]
