"""The figures never show a viewer a count from 1 to 4, directly or as the difference of
two shown counts of which the tables say one holds the other (a cell and its row's or
column's total, any count and the grand total), on any page or two pages compared: every
table of a family of records is suppressed as one (``core.suppression.suppress_linked``)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saathi.core.policy import Role
from saathi.core.suppression import HIDDEN
from saathi.wellbeing.figures import MEASURES, Params, suppress_family, table
from saathi.wellbeing.models import IncidentKind, Perpetrator, Place

FIELDS = ["kind", "place", "perpetrator"]
INCIDENT_MEASURES = [m for m in MEASURES.values() if m.family == "incidents"]

# a few values of each, so that small counts are common
records = st.lists(
    st.tuples(
        st.sampled_from(IncidentKind.values[:3]),
        st.sampled_from(Place.values[:3]),
        st.sampled_from(Perpetrator.values[:3]),
        st.sampled_from([1, 2, 3, None]),  # collective
        st.sampled_from(["Nadia", "Howrah", ""]),  # district
        st.integers(1, 3),  # month
    ),
    min_size=0,
    max_size=40,
)


def _members(key, recs):
    """The records a key counts (indices into ``recs``)."""
    kind = key[0]
    if kind == "T":
        return frozenset(range(len(recs)))

    def col_ok(b, col, r):
        coll, dist, month = r[3] or 0, r[4], r[5]
        return {"collective": coll, "district": dist, "month": month}[b] == col

    def val_ok(code, v, r):
        field = MEASURES[code].field
        return r[FIELDS.index(field)] == v

    if kind == "K":
        return frozenset(i for i, r in enumerate(recs) if col_ok(key[1], key[2], r))
    if kind == "R":
        return frozenset(i for i, r in enumerate(recs) if val_ok(key[1], key[2], r))
    _c, code, v, b, col = key
    return frozenset(i for i, r in enumerate(recs) if val_ok(code, v, r) and col_ok(b, col, r))


def _check(recs):
    rows = [(*r, 1) for r in recs]
    fam = suppress_family(rows, FIELDS, INCIDENT_MEASURES)
    values, hidden = fam["values"], fam["hidden"]
    shown = {k: _members(k, recs) for k in values if k not in hidden}
    for k, ids in shown.items():
        assert values[k] == len(ids), k  # the counts are the records'
        assert not 0 < len(ids) < 5, ("small count shown", k, len(ids))
    # every pair a reader knows to be nested from the tables themselves: a cell in its
    # row's and its column's total, and every count in the grand total
    for k, ids in shown.items():
        holders = []
        if k[0] == "C":
            holders = [("R", k[1], k[2]), ("K", k[3], k[4]), ("T",)]
        elif k[0] in ("R", "K"):
            holders = [("T",)]
        for h in holders:
            if h in shown:
                assert ids <= shown[h]
                assert not 0 < len(shown[h]) - len(ids) < 5, ("small difference", h, k)
    for parts, whole in fam["relations"]:
        if whole in hidden:
            assert any(p in hidden for p in parts) or not parts, ("whole given away", whole)
            continue
        secret = [p for p in parts if p in hidden]
        assert len(secret) != 1, ("one hidden part under a shown whole", whole, secret)
        assert not 0 < sum(values[p] for p in secret) < 5, ("small hidden sum", whole)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records)
def test_no_small_count_directly_or_by_difference(recs):
    _check(recs)


def test_a_single_incident_is_hidden_everywhere():
    recs = [("eviction", "home", "house_owner", 1, "Nadia", 2)]
    rows = [(*r, 1) for r in recs]
    fam = suppress_family(rows, FIELDS, INCIDENT_MEASURES)
    assert ("T",) in fam["hidden"]
    assert all(k in fam["hidden"] for k, v in fam["values"].items() if v)


def test_large_counts_are_shown():
    recs = [("eviction", "home", "house_owner", 1, "Nadia", 2)] * 12
    _check(recs)
    fam = suppress_family([(*recs[0], 12)], FIELDS, INCIDENT_MEASURES)
    assert ("T",) not in fam["hidden"] and fam["values"][("T",)] == 12


@pytest.mark.django_db
def test_viewer_sees_a_small_count_hidden_on_the_page(world):
    from . import factories

    factories.incident(world)  # one eviction by a house owner
    viewer = world.user("a", Role.VIEWER)
    c = Client()
    c.force_login(viewer)
    for by in ("collective", "district", "month"):
        body = c.get(reverse("wellbeing:figures") + f"?measure=incident_perpetrator&by={by}")
        html = body.content.decode()
        assert body.status_code == 200
        assert f'<td id="grand-total"><strong>{HIDDEN}</strong></td>' in html
        assert "<td>1</td>" not in html and "<strong>1</strong>" not in html
    t = table(viewer, Params("incident_kind", "month", factories.timezone.localdate().year))
    assert t["total"] == HIDDEN
