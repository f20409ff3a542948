"""Matters opened before the timeline and the clock rows existed get both: a first step
("" → the status they hold, at their creation) and their running clocks, computed by
``clocks.matter_clocks`` from the dates they carry."""

from django.db import migrations

OPEN = {"intake", "filed", "pending", "decided", "appeal"}


def forwards(apps, schema_editor):
    from saathi.legal.clocks import matter_clocks

    LegalMatter = apps.get_model("legal", "LegalMatter")
    MatterStep = apps.get_model("legal", "MatterStep")
    MatterClock = apps.get_model("legal", "MatterClock")
    Compensation = apps.get_model("legal", "Compensation")
    Protection = apps.get_model("legal", "ProtectionApplication")
    with_steps = set(MatterStep.objects.values_list("matter_id", flat=True))
    steps, clocks = [], []
    for m in LegalMatter.objects.all().iterator(chunk_size=2000):
        if m.pk not in with_steps:
            steps.append(
                MatterStep(
                    matter_id=m.pk,
                    at=m.created_at,
                    on=m.created_at.date(),
                    actor_id=m.created_by_id,
                    from_status="",
                    to_status=m.status,
                )
            )
        if m.status in OPEN:
            m.is_open = True
            for c in matter_clocks(
                m,
                list(Compensation.objects.filter(matter_id=m.pk)),
                list(Protection.objects.filter(matter_id=m.pk)),
            ):
                if not c.done:
                    clocks.append(
                        MatterClock(
                            matter_id=m.pk,
                            kind=c.kind,
                            due_on=c.due,
                            step=c.step,
                            soft=c.soft,
                            ref=c.ref,
                        )
                    )
        if len(steps) + len(clocks) > 5000:
            MatterStep.objects.bulk_create(steps)
            MatterClock.objects.bulk_create(clocks)
            steps, clocks = [], []
    MatterStep.objects.bulk_create(steps)
    MatterClock.objects.bulk_create(clocks)


class Migration(migrations.Migration):
    dependencies = [("legal", "0002_steps_clocks_documents_complaints")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
