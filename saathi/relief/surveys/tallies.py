"""Running tallies of answers (``Tally``): added to in the transaction that stores the
responses, read by the figures. ``tally_rebuild`` recomputes a survey's from scratch."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from .models import Response, Tally

COUNTED = ("select_one", "select_multiple", "integer", "decimal")


def number_key(v) -> str:
    f = float(v)
    return str(int(f)) if f.is_integer() else repr(f)


def _delta(spec, rows) -> dict:
    """{(collective_id, district): [responses, counts]} for rows of (coll, district, answers)."""
    out: dict = {}
    questions = [q for q in spec.questions if q["type"] in COUNTED]
    for coll, district, answers in rows:
        key = (coll, district)
        entry = out.get(key)
        if entry is None:
            entry = out[key] = [0, {}]
        entry[0] += 1
        counts = entry[1]
        for q in questions:
            v = answers.get(q["name"])
            if v is None:
                continue
            c = counts.get(q["name"])
            if c is None:
                c = counts[q["name"]] = {
                    "answered": 0,
                    ("values" if q["type"] in ("integer", "decimal") else "choices"): defaultdict(
                        int
                    ),
                }
            c["answered"] += 1
            if q["type"] == "select_one":
                c["choices"][v] += 1
            elif q["type"] == "select_multiple":
                for choice in v:
                    c["choices"][choice] += 1
            else:
                c["values"][number_key(v)] += 1
    return out


def _merge(into: dict, delta: dict) -> None:
    for name, c in delta.items():
        t = into.setdefault(name, {"answered": 0})
        t["answered"] += c["answered"]
        for part in ("choices", "values"):
            if part in c:
                bucket = t.setdefault(part, {})
                for k, n in c[part].items():
                    bucket[k] = bucket.get(k, 0) + n


def tally_add(survey, spec, rows) -> None:
    """Add responses (collective id, district, answers) to the survey's tallies. Call inside
    the transaction that stores them; rows of one place are locked while they change."""
    with transaction.atomic():
        for (coll, district), (n, counts) in sorted(_delta(spec, rows).items()):
            tally, _ = Tally.objects.select_for_update().get_or_create(
                survey=survey,
                collective_id=coll,
                district=district,
                defaults={"organisation_id": survey.organisation_id},
            )
            tally.responses += n
            _merge(tally.counts, counts)
            tally.save(update_fields=["responses", "counts"])


def tally_rebuild(survey) -> None:
    """Recompute a survey's tallies from its responses (each with its own version)."""
    from .engine import spec_for

    with transaction.atomic():
        Tally.objects.filter(survey=survey).delete()
        versions = {v.pk: v for v in survey.versions.all()}
        rows_by_version = defaultdict(list)
        for vid, coll, district, answers in (
            Response.objects.filter(survey=survey, current=True)
            .values_list("version_id", "collective_id", "district", "answers")
            .iterator(chunk_size=2000)
        ):
            rows_by_version[vid].append((coll, district, answers))
        for vid, rows in rows_by_version.items():
            tally_add(survey, spec_for(versions[vid]), rows)
