"""The wellbeing figures: incidents by kind, place and perpetrator, screenings by band,
referrals by outcome, each by collective, by district and by month of one year.

Counts only, never a record. Every table of one family of records (the incidents of a
year, or the PHQ-9 screenings of a year...) is suppressed together by
``core.suppression.suppress_linked``: the tables by collective, by district and by month,
and the incident tables by kind, by place and by perpetrator, share their margins, so
that no page, and no two pages compared, shows a count from 1 to 4 or two counts that
differ by 1 to 4 where one holds the other (ADR 0037). A year is the only filter: two
years hold no record in common, so no page can be subtracted from another.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Sum
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from saathi.core.policy import Cap
from saathi.core.suppression import HIDDEN, suppress_linked
from saathi.people.models import Collective

from .instruments import SPECS, Band, Instrument
from .models import FigureCount, IncidentKind, Perpetrator, Place, ReferralStatus

BREAKDOWNS = {
    "collective": gettext_lazy("By collective"),
    "district": gettext_lazy("By district"),
    "month": gettext_lazy("By month"),
}
NO_COLLECTIVE = 0


@dataclass(frozen=True)
class Measure:
    code: str
    label: object
    family: str
    field: str  # the coded field counted (on the family's records)
    choices: list[tuple[str, object]]


def _band_choices(instrument: str):
    labels = dict(Band.choices)
    return [(b, labels[b]) for _low, b in SPECS[instrument].bands]


MEASURES: dict[str, Measure] = {
    m.code: m
    for m in [
        Measure(
            "incident_kind",
            gettext_lazy("Incidents by what happened"),
            "incidents",
            "kind",
            list(IncidentKind.choices),
        ),
        Measure(
            "incident_place",
            gettext_lazy("Incidents by place"),
            "incidents",
            "place",
            list(Place.choices),
        ),
        Measure(
            "incident_perpetrator",
            gettext_lazy("Incidents by who did it"),
            "incidents",
            "perpetrator",
            list(Perpetrator.choices),
        ),
        *[
            Measure(
                f"screening_{code}",
                label,
                f"screening_{code}",
                "band",
                _band_choices(code),
            )
            for code, label in Instrument.choices
        ],
        Measure(
            "referral_outcome",
            gettext_lazy("Referrals by where they stand"),
            "referrals",
            "status",
            list(ReferralStatus.choices),
        ),
    ]
}


@dataclass(frozen=True)
class Params:
    measure: str
    breakdown: str
    year: int

    @classmethod
    def from_query(cls, q) -> Params:
        this_year = timezone.localdate().year
        measure = q.get("measure", "incident_kind")
        breakdown = q.get("by", "collective")
        try:
            year = int(q.get("year", this_year))
        except (TypeError, ValueError):
            year = this_year
        return cls(
            measure=measure if measure in MEASURES else "incident_kind",
            breakdown=breakdown if breakdown in BREAKDOWNS else "collective",
            year=year if 2000 <= year <= this_year else this_year,
        )


def _family_rows(user, family: str, year: int):
    """(coded fields..., collective id, district, month, n) of a family's counts for one
    year, from ``FigureCount`` (kept by the services; never the records themselves). An
    incident row carries one of its three codes, the others empty (``counts``)."""
    fields = {"incidents": ["kind", "place", "perpetrator"]}.get(
        family, ["status"] if family == "referrals" else ["band"]
    )
    codes = ["code1", "code2", "code3"][: len(fields)]
    rows = (
        FigureCount.objects.visible_to(user, Cap.VIEW_AGGREGATES)
        .filter(family=family, month__gte=date(year, 1, 1), month__lte=date(year, 12, 1))
        .values_list(*codes, "collective_key", "district", "month")
        .annotate(total=Sum("n"))
        .order_by()
    )
    out = []
    for row in rows:
        *coded, coll, dist, month, n = row
        if n:
            out.append((*coded, coll, dist, month.month, n))
    return fields, out


def family_tables(user, family: str, year: int) -> dict:
    """Every table of the family (each measure by each breakdown), its counts and which
    of them are hidden, suppressed as one."""
    fields, rows = _family_rows(user, family, year)
    measures = [m for m in MEASURES.values() if m.family == family]
    return suppress_family(rows, fields, measures)


def suppress_family(rows, fields: list[str], measures: list[Measure]) -> dict:
    """The counts of every table of a family from its grouped rows ``(coded fields...,
    collective, district, month, n)``, and the keys to hide (``core.suppression``).

    A row may carry every coded field (records counted by all of them at once) or only
    some, the others empty (``FigureCount``: one row per measure); a measure counts the
    rows where its field is set, and the totals count the rows where the first field is
    set (each record is counted there once, whichever the shape).

    Keys: ``("T",)`` the grand total; ``("K", breakdown, column)`` a column's total (the
    same for every measure of the family); ``("R", measure, value)`` a row's total (the
    same in the tables by collective, district and month); ``("C", measure, value,
    breakdown, column)`` a cell."""
    values: dict[tuple, int] = defaultdict(int)
    columns: dict[str, set] = {"collective": set(), "district": set(), "month": set(range(1, 13))}
    slots = [(m, fields.index(m.field)) for m in measures]
    for row in rows:
        *coded, coll, dist, month, n = row
        col_of = {"collective": coll or NO_COLLECTIVE, "district": dist or "", "month": month}
        columns["collective"].add(col_of["collective"])
        columns["district"].add(col_of["district"])
        if coded[0]:
            values[("T",)] += n
            for b, col in col_of.items():
                values[("K", b, col)] += n
        for m, i in slots:
            v = coded[i]
            if not v:
                continue
            values[("R", m.code, v)] += n
            for b, col in col_of.items():
                values[("C", m.code, v, b, col)] += n
    relations: list[tuple[list, object]] = []
    for b in columns:
        # in a fixed order, so that every page of the family hides the same counts
        cols = sorted(columns[b])
        relations.append(([("K", b, c) for c in cols], ("T",)))
        for m in measures:
            for v, _label in m.choices:
                relations.append(([("C", m.code, v, b, c) for c in cols], ("R", m.code, v)))
            for c in cols:
                relations.append(([("C", m.code, v, b, c) for v, _l in m.choices], ("K", b, c)))
    for m in measures:
        relations.append(([("R", m.code, v) for v, _l in m.choices], ("T",)))
    # every key of a relation has a value (zeros included): nothing is "unknown" by absence
    for parts, whole in relations:
        for k in [*parts, whole]:
            values.setdefault(k, 0)
    hidden = suppress_linked(dict(values), relations)
    return {
        "values": dict(values),
        "hidden": hidden,
        "columns": columns,
        "measures": measures,
        "relations": relations,
    }


def _col_labels(breakdown: str, cols) -> list[tuple[object, str]]:
    if breakdown == "month":
        return [(m, str(MONTHS_3[m]).title()) for m in sorted(cols)]
    if breakdown == "district":
        return [(d, d or _("No district")) for d in sorted(cols)]
    names = dict(Collective.objects.filter(pk__in=[c for c in cols if c]).values_list("pk", "name"))
    out = [(c, names.get(c, "")) for c in cols if c]
    out.sort(key=lambda x: x[1])
    if NO_COLLECTIVE in cols:
        out.append((NO_COLLECTIVE, _("No collective")))
    return out


def shown(values, hidden, key) -> str:
    from saathi.core.templatetags.saathi import indian_grouping

    return HIDDEN if key in hidden else indian_grouping(values.get(key, 0))


def table(user, params: Params) -> dict:
    """One table for a page: the measure's categories by the breakdown's columns."""
    m = MEASURES[params.measure]
    fam = family_tables(user, m.family, params.year)
    values, hidden = fam["values"], fam["hidden"]
    b = params.breakdown
    cols = _col_labels(b, fam["columns"][b])
    rows = [
        {
            "label": label,
            "cells": [shown(values, hidden, ("C", m.code, v, b, c)) for c, _l in cols],
            "total": shown(values, hidden, ("R", m.code, v)),
        }
        for v, label in m.choices
    ]
    return {
        "measure": m,
        "columns": [label for _c, label in cols],
        "rows": rows,
        "col_totals": [shown(values, hidden, ("K", b, c)) for c, _l in cols],
        "total": shown(values, hidden, ("T",)),
    }


def page(user, params: Params) -> dict:
    this_year = timezone.localdate().year
    return {
        "params": params,
        "table": table(user, params),
        "measures": [(m.code, m.label) for m in MEASURES.values()],
        "breakdowns": list(BREAKDOWNS.items()),
        "years": list(range(this_year, this_year - 6, -1)),
        "hidden_mark": HIDDEN,
    }
