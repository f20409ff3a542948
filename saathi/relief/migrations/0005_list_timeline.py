"""Beneficiary lists get a timeline (core.cases.CaseStep, ADR 0022).

The lists already drawn up get theirs from what they hold: drawn up (created_at, by
created_by), submitted (submitted_on, by submitted_by), answered (response_on, with the
answer), each linked to the audit row written then when it can be found."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from datetime import datetime, time

from django.db import migrations, models
from django.utils import timezone


def backfill(apps, schema_editor):
    BeneficiaryList = apps.get_model("relief", "BeneficiaryList")
    ListStep = apps.get_model("relief", "ListStep")
    AuditEvent = apps.get_model("core", "AuditEvent")

    def moment(day, after):
        """Noon of ``day``, never before the step it follows (a submission recorded
        later than it happened keeps the timeline in order)."""
        if day is None:
            return after
        return max(after, timezone.make_aware(datetime.combine(day, time(12))))

    steps = []
    for bl in BeneficiaryList.objects.order_by("pk").iterator(chunk_size=500):
        events = list(
            AuditEvent.objects.filter(
                object_type="relief.beneficiarylist", object_id=str(bl.uuid)
            ).order_by("seq").values_list("seq", "action", "fields")
        )
        created = next((s for s, a, _f in events if a == "create"), None)
        submitted = next((s for s, a, f in events if a == "change" and "status" in f), None)
        answered = next((s for s, a, f in reversed(events) if "response" in f), None)
        steps.append(
            ListStep(beneficiary_list_id=bl.pk, at=bl.created_at, actor_id=bl.created_by_id,
                     from_status="", to_status="draft", audit_seq=created)
        )
        if bl.status in ("submitted", "answered"):
            steps.append(
                ListStep(beneficiary_list_id=bl.pk, at=(submitted_at := moment(bl.submitted_on, bl.created_at)),
                         actor_id=bl.submitted_by_id, from_status="draft",
                         to_status="submitted", on=bl.submitted_on,
                         note=bl.submission_note, audit_seq=submitted)
            )
        if bl.status == "answered":
            steps.append(
                ListStep(beneficiary_list_id=bl.pk,
                         at=moment(bl.response_on, submitted_at), actor_id=None,
                         from_status="submitted", to_status="answered", on=bl.response_on,
                         response=bl.response, note=bl.response_note, audit_seq=answered)
            )
        if len(steps) >= 2000:
            ListStep.objects.bulk_create(steps)
            steps = []
    ListStep.objects.bulk_create(steps)


class Migration(migrations.Migration):

    dependencies = [
        ('relief', '0004_expenditure_description_code'),
        ('core', '0005_cache_table'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ListStep',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(default=django.utils.timezone.now)),
                ('audit_seq', models.PositiveBigIntegerField(null=True)),
                ('from_status', models.CharField(blank=True, choices=[('draft', 'Drawn up, not yet submitted'), ('submitted', 'Submitted, waiting for an answer'), ('answered', 'Answered')], max_length=40)),
                ('to_status', models.CharField(choices=[('draft', 'Drawn up, not yet submitted'), ('submitted', 'Submitted, waiting for an answer'), ('answered', 'Answered')], max_length=40)),
                ('on', models.DateField(blank=True, null=True)),
                ('response', models.CharField(blank=True, choices=[('accepted', 'Accepted'), ('partly', 'Partly accepted'), ('rejected', 'Rejected'), ('returned', 'Returned for corrections')], max_length=16)),
                ('note', models.CharField(blank=True, max_length=500)),
                ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('beneficiary_list', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='steps', to='relief.beneficiarylist')),
            ],
            options={
                'ordering': ['at', 'id'],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
