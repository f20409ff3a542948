"""Viewers see counts only, small ones suppressed (core suppression), never a name."""

import pytest
from django.test import Client
from django.urls import reverse

from saathi.collectives import selectors, services
from saathi.core.policy import Role
from saathi.core.suppression import HIDDEN

from .factories import days_ago, members, session


@pytest.mark.django_db
def test_viewer_sees_counts_with_small_ones_hidden(world):
    people = members(world, "a1", 12)
    facilitator = world.user("a", Role.FACILITATOR)
    ids = [m.pk for m in people]
    for n in range(6):  # six meetings of A1, twelve present at each
        s = session(world, "a1", on=days_ago(7 * (n + 1)))
        services.attendance_record(session=s, shown_ids=ids, present_ids=ids, actor=facilitator)
    viewer = world.user("a", Role.VIEWER)
    fig = selectors.figures(viewer)
    rows = {r["name"]: r["cells"] for r in fig["activity"]}
    assert rows["এক"][:2] == ["6", "72"] and rows["A Two"][:2] == ["0", "0"]
    assert fig["activity_totals"][:2] == ["6", "72"]
    # one meeting of A2: hidden, and so is what would give it away (A1's or the total)
    session(world, "a2", on=days_ago(3))
    fig = selectors.figures(viewer)
    rows = {r["name"]: r["cells"] for r in fig["activity"]}
    assert rows["A Two"][0] == HIDDEN
    assert HIDDEN in (rows["এক"][0], fig["activity_totals"][0])
    c = Client()
    c.force_login(viewer)
    body = c.get(reverse("collectives:figures")).content.decode()
    assert "72" in body and "Lakshmi" not in body and people[0].native_name not in body
    # another organisation's viewer sees none of it
    other = selectors.figures(world.user("b", Role.VIEWER))
    assert [r["name"] for r in other["activity"]] == ["B One"]


@pytest.mark.django_db
def test_volunteers_do_not_see_figures(world):
    c = Client()
    c.force_login(world.user("a", Role.VOLUNTEER))
    assert c.get(reverse("collectives:figures")).status_code == 403
