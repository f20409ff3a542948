"""Pages: where a new record goes, the query-count guards of the lists and the timeline,
and what a role without the capability does not see."""

import pytest
from django.test import Client
from django.urls import reverse

from saathi.core.policy import Role

from .helpers import action, campaign, engagement, outcome, with_participant


def _client(world, role, org="a"):
    c = Client()
    c.force_login(world.user(org, role))
    return c


@pytest.mark.django_db
def test_where_a_new_record_goes(world):
    fac = _client(world, Role.FACILITATOR)
    r = fac.get(reverse("advocacy:action_create"))
    assert r.status_code == 200 and "Org A" in r.content.decode()
    r = fac.get(reverse("advocacy:action_create") + f"?in={world.collectives['a1'].uuid}")
    assert r.status_code == 200 and "Duty bearers addressed" in r.content.decode()
    # a leader has one place: straight to its form
    leader = _client(world, Role.COLLECTIVE_LEADER)
    r = leader.get(reverse("advocacy:engagement_create"))
    assert r.status_code == 302 and f"in={world.collectives['a1'].uuid}" in r["Location"]
    # another collective of her organisation, or another organisation: 404
    for place in (world.collectives["a2"].uuid, world.collectives["b1"].uuid, "nonsense"):
        r = leader.get(reverse("advocacy:engagement_create") + f"?in={place}")
        assert r.status_code == 404, place


@pytest.mark.django_db
def test_a_refused_form_keeps_what_was_typed(world):
    fac = _client(world, Role.FACILITATOR)
    url = reverse("advocacy:action_create") + f"?in={world.collectives['a1'].uuid}"
    data = {"kind": "memorandum", "on": "01/12/2026", "title": "Rations memo", "demand": "Rations"}
    r = fac.post(url, data)
    body = r.content.decode()
    assert r.status_code == 200
    assert "Choose at least one office from the directory." in body
    assert 'value="Rations memo"' in body


@pytest.mark.django_db
def test_lists_and_timeline_stay_within_the_query_budget(world, django_assert_max_num_queries):
    c = campaign(world)
    for _ in range(6):
        action(world, campaign=c, participants=[world.members["a1"]])
        eng, _p = with_participant(world, campaign=c)
        outcome(world, campaign=c)
    engagement(world)
    fac = _client(world, Role.FACILITATOR)
    for name, args in (
        ("advocacy:engagement_list", []),
        ("advocacy:action_list", []),
        ("advocacy:outcome_list", []),
        ("advocacy:campaign_list", []),
        ("advocacy:campaign_detail", [c.uuid]),
        ("advocacy:engagement_detail", [eng.uuid]),
        ("advocacy:index", []),
    ):
        fac.get(reverse(name, args=args))  # warm the session
        with django_assert_max_num_queries(16):  # 12 of the page + session, user, grants
            r = fac.get(reverse(name, args=args))
        assert r.status_code == 200, name


@pytest.mark.django_db
def test_names_on_an_engagement_only_for_roles_that_see_members(world):
    eng, p = with_participant(world)
    for role, shows in ((Role.FACILITATOR, True), (Role.VOLUNTEER, True)):
        body = _client(world, role).get(reverse("advocacy:engagement_detail", args=[eng.uuid]))
        assert (p.member.native_name in body.content.decode()) is shows, role
