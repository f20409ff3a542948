"""The incidents' figure counts: one row per measure instead of one per combination of
kind, place and perpetrator (``wellbeing.counts``). Each old row's count goes to three
rows: its kind (code1), its place (code2) and its perpetrator (code3), the other codes
empty. Backwards, the combinations are counted again from the incidents themselves (the
per-measure rows cannot say which kind went with which place)."""

from collections import defaultdict

from django.db import migrations

BATCH = 5000
KEY = ["organisation_id", "collective_key", "district", "family", "month"]


def _replace(FigureCount, rows):
    FigureCount.objects.filter(family="incidents").delete()
    FigureCount.objects.bulk_create(
        (
            FigureCount(**dict(zip(KEY, head, strict=True)), code1=c1, code2=c2, code3=c3, n=n)
            for (*head, c1, c2, c3), n in rows.items()
            if n
        ),
        batch_size=BATCH,
    )


def per_measure(apps, schema_editor):
    FigureCount = apps.get_model("wellbeing", "FigureCount")
    rows = defaultdict(int)
    for *head, c1, c2, c3, n in (
        FigureCount.objects.filter(family="incidents")
        .values_list(*KEY, "code1", "code2", "code3", "n")
        .iterator(chunk_size=BATCH)
    ):
        for codes in ((c1, "", ""), ("", c2, ""), ("", "", c3)):
            if any(codes):
                rows[(*head, *codes)] += n
    _replace(FigureCount, rows)


def combinations(apps, schema_editor):
    from django.db.models import Count

    FigureCount = apps.get_model("wellbeing", "FigureCount")
    Incident = apps.get_model("wellbeing", "Incident")
    rows = defaultdict(int)
    for r in (
        Incident.objects.values(
            "organisation_id", "collective_id", "district", "occurred_on", "kind", "place",
            "perpetrator",
        )
        .annotate(n=Count("id"))
        .order_by()
        .iterator(chunk_size=BATCH)
    ):  # fmt: skip
        head = (
            r["organisation_id"], r["collective_id"] or 0, r["district"] or "", "incidents",
            r["occurred_on"].replace(day=1),
        )  # fmt: skip
        rows[(*head, r["kind"], r["place"], r["perpetrator"])] += r["n"]
    _replace(FigureCount, rows)


class Migration(migrations.Migration):
    dependencies = [
        ("wellbeing", "0003_figure_counts"),
    ]

    operations = [migrations.RunPython(per_measure, combinations)]
