"""The figures' counts (``FigureCount``): kept by the services in the record's own
transaction, and rebuilt from the records by :func:`rebuild_counts` (after a bulk load).

One count row per measure: an incident is counted in three rows, one for its kind
(``code1``), one for its place (``code2``) and one for its perpetrator (``code3``), the
other two codes empty. The figures never cross two measures, and a row per combination
of the three made the page read and add up tens of thousands of rows a year (bench/)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone

from .models import FigureCount, Incident, Referral, Screening


def _month(d) -> date:
    if hasattr(d, "hour"):  # a datetime: the month where the organisation is
        d = timezone.localtime(d).date()
    return d.replace(day=1)


def bump(*, organisation_id, collective_id, district, family, on, codes, delta=1) -> None:
    codes = [*codes, "", ""][:3]
    key = {
        "organisation_id": organisation_id,
        "collective_key": collective_id or 0,
        "district": district or "",
        "family": family,
        "month": _month(on),
        "code1": codes[0],
        "code2": codes[1],
        "code3": codes[2],
    }
    if FigureCount.objects.filter(**key).update(n=F("n") + delta):
        return
    try:
        with transaction.atomic():
            FigureCount.objects.create(**key, n=delta)
    except IntegrityError:  # created meanwhile by another request
        FigureCount.objects.filter(**key).update(n=F("n") + delta)


def measure_codes(kind: str, place: str, perpetrator: str) -> list[list[str]]:
    """The codes of an incident's three count rows: one measure each, in its own slot."""
    return [[kind, "", ""], ["", place, ""], ["", "", perpetrator]]


def incident_codes(incident) -> list[list[str]]:
    return measure_codes(incident.kind, incident.place, incident.perpetrator)


def count_incident(incident, delta=1) -> None:
    for codes in incident_codes(incident):
        bump(
            organisation_id=incident.organisation_id,
            collective_id=incident.collective_id,
            district=incident.district,
            family="incidents",
            on=incident.occurred_on,
            codes=codes,
            delta=delta,
        )


def move_incident(old, new) -> None:
    """An incident's facts changed: take its count rows from the old facts and add them to
    the new ones, leaving alone the rows of a measure whose value and column stayed."""
    same_place = (
        old.organisation_id == new.organisation_id
        and (old.collective_id or 0) == (new.collective_id or 0)
        and (old.district or "") == (new.district or "")
        and _month(old.occurred_on) == _month(new.occurred_on)
    )
    for before, after in zip(incident_codes(old), incident_codes(new), strict=True):
        if same_place and before == after:
            continue
        for inc, codes, delta in ((old, before, -1), (new, after, 1)):
            bump(
                organisation_id=inc.organisation_id,
                collective_id=inc.collective_id,
                district=inc.district,
                family="incidents",
                on=inc.occurred_on,
                codes=codes,
                delta=delta,
            )


def count_screening(screening) -> None:
    m = screening.member
    bump(
        organisation_id=screening.organisation_id,
        collective_id=m.primary_collective_id,
        district=m.district,
        family=f"screening_{screening.instrument}",
        on=screening.taken_on,
        codes=[screening.band],
    )


def count_referral(referral, status: str, delta=1) -> None:
    m = referral.member
    bump(
        organisation_id=referral.organisation_id,
        collective_id=m.primary_collective_id,
        district=m.district,
        family="referrals",
        on=referral.created_at,
        codes=[status],
        delta=delta,
    )


def rebuild_counts(organisation_id: int | None = None) -> int:
    """Recompute every count from the records (one grouped query per family)."""
    rows: dict[tuple, int] = defaultdict(int)

    def scoped(qs):
        return qs if organisation_id is None else qs.filter(organisation_id=organisation_id)

    for r in (
        scoped(Incident.objects.all())
        .values(
            "organisation_id",
            "collective_id",
            "district",
            "occurred_on",
            "kind",
            "place",
            "perpetrator",
        )
        .annotate(n=Count("id"))
        .order_by()
    ):
        head = (
            r["organisation_id"], r["collective_id"] or 0, r["district"] or "", "incidents",
            _month(r["occurred_on"]),
        )  # fmt: skip
        for codes in measure_codes(r["kind"], r["place"], r["perpetrator"]):
            rows[(*head, *codes)] += r["n"]
    for r in scoped(Screening.objects.all()).values(
        "organisation_id", "member__primary_collective_id", "member__district", "taken_on",
        "instrument", "band",
    ).annotate(n=Count("id")).order_by():  # fmt: skip
        key = (
            r["organisation_id"], r["member__primary_collective_id"] or 0,
            r["member__district"] or "", f"screening_{r['instrument']}", _month(r["taken_on"]),
            r["band"], "", "",
        )  # fmt: skip
        rows[key] += r["n"]
    for r in scoped(Referral.objects.all()).values(
        "organisation_id", "member__primary_collective_id", "member__district", "created_at",
        "status",
    ).annotate(n=Count("id")).order_by():  # fmt: skip
        key = (
            r["organisation_id"], r["member__primary_collective_id"] or 0,
            r["member__district"] or "", "referrals", _month(r["created_at"]), r["status"], "", "",
        )  # fmt: skip
        rows[key] += r["n"]
    fields = ["organisation_id", "collective_key", "district", "family", "month", "code1",
              "code2", "code3"]  # fmt: skip
    with transaction.atomic():
        scoped(FigureCount.objects.all()).delete()
        FigureCount.objects.bulk_create(
            (FigureCount(**dict(zip(fields, k, strict=True)), n=n) for k, n in rows.items()),
            batch_size=5000,
        )
    return len(rows)
