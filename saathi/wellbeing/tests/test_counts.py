"""The figures' counts kept by the services are those a rebuild from the records gives."""

from __future__ import annotations

import pytest

from saathi.core.policy import Role
from saathi.wellbeing import services
from saathi.wellbeing.counts import rebuild_counts
from saathi.wellbeing.models import FigureCount

from . import factories

pytestmark = pytest.mark.django_db


def _snapshot():
    return sorted(
        FigureCount.objects.filter(n__gt=0).values_list(
            "organisation_id", "collective_key", "district", "family", "month", "code1",
            "code2", "code3", "n",
        )
    )  # fmt: skip


def test_kept_counts_equal_a_rebuild(world):
    sw = world.user("a", Role.SOCIAL_WORKER)
    factories.full(world)
    factories.screening(world, answers=[0] * 9)
    incident = factories.incident(world, role=Role.COLLECTIVE_LEADER, kind="outing")
    services.incident_update(
        incident=incident,
        data={
            "kind": "extortion",
            "occurred_on": incident.occurred_on,
            "place": "street",
            "perpetrator": "police",
        },
        actor=sw,
    )
    r = factories.referral(world, member=world.members["a2"])
    for to in ("consented", "sent", "lost"):
        services.referral_move(referral=r, to_status=to, actor=sw)
    kept = _snapshot()
    assert ("incidents" in {row[3] for row in kept}) and any(row[5] == "lost" for row in kept)
    rebuild_counts()
    assert _snapshot() == kept


def test_an_incident_counts_once_per_measure_and_moves_only_what_changed(world):
    sw = world.user("a", Role.SOCIAL_WORKER)
    incident = factories.incident(world, kind="outing")
    rows = FigureCount.objects.filter(family="incidents", n__gt=0)
    assert sorted(rows.values_list("code1", "code2", "code3", "n")) == sorted(
        [
            (incident.kind, "", "", 1),
            ("", incident.place, "", 1),
            ("", "", incident.perpetrator, 1),
        ]
    )
    services.incident_update(
        incident=incident,
        data={
            "kind": "extortion",
            "occurred_on": incident.occurred_on,
            "place": incident.place,
            "perpetrator": incident.perpetrator,
        },
        actor=sw,
    )
    kept = _snapshot()
    assert {(r[5], r[6], r[7]) for r in kept if r[3] == "incidents"} == {
        ("extortion", "", ""),
        ("", incident.place, ""),
        ("", "", incident.perpetrator),
    }
    rebuild_counts()
    assert _snapshot() == kept
