"""The casework kit's access layer: scope helpers, the one fetch, the organisation picker."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse

from saathi.accounts.models import RoleGrant
from saathi.core import policy, scope
from saathi.core.access import fetch
from saathi.core.models import AuditEvent
from saathi.core.policy import Cap, Role
from saathi.core.testing import PASSWORD
from saathi.entitlements import access as ent_access
from saathi.funds.models import Campaign
from saathi.people import access as people_access
from saathi.people.models import Collective, Member
from saathi.relief import access as relief_access
from saathi.relief.models import Programme
from saathi.relief.surveys import access as survey_access
from saathi.relief.tests.helpers import make_programme

pytestmark = pytest.mark.django_db


def _denied(user):
    return list(AuditEvent.objects.filter(action="denied", actor_id=user.pk).order_by("seq"))


def test_fetch_missing_and_not_yours_are_404_and_audited(world):
    user = world.user("a", Role.FACILITATOR)
    with pytest.raises(Http404):
        fetch(Member.objects.visible_to(user), user, uuid.uuid4())
    with pytest.raises(Http404):
        fetch(Member.objects.visible_to(user), user, world.members["b1"].uuid)
    with pytest.raises(Http404):
        fetch(Member.objects.visible_to(user), user, "not-a-uuid")
    rows = _denied(user)
    assert [r.object_type for r in rows] == ["people.member"] * 3
    assert rows[1].object_id == str(world.members["b1"].uuid)


@pytest.mark.parametrize(
    ("call", "role", "cap"),
    [
        (people_access.access_member, Role.LEGAL_ADVOCATE, Cap.EDIT_MEMBERS),
        (ent_access.access_member, Role.VIEWER, Cap.EDIT_APPLICATIONS),
        (relief_access.access_programme, Role.LEGAL_ADVOCATE, Cap.MANAGE_RELIEF),
        (survey_access.access_survey, Role.SOCIAL_WORKER, Cap.MANAGE_SURVEYS),
    ],
)
def test_missing_capability_is_403_and_audited_in_every_app(world, call, role, cap):
    """Relief, entitlements and surveys answered 403 without an audit row before."""
    user = world.user("a", role)
    target = {
        people_access.access_member: lambda: world.members["a1"],
        ent_access.access_member: lambda: world.members["a1"],
        relief_access.access_programme: lambda: make_programme(world, "a"),
        survey_access.access_survey: lambda: _survey(world),
    }[call]()
    if role == Role.VIEWER:  # a viewer sees no member: the same call answers 404
        with pytest.raises(Http404):
            call(user, target.uuid, cap)
    else:
        with pytest.raises(PermissionDenied):
            call(user, target.uuid, cap)
    row = _denied(user)[-1]
    assert row.object_id == str(target.uuid)
    if role != Role.VIEWER:
        assert row.detail == {"capability": cap}
        assert row.organisation_id == world.orgs["a"].pk


def _survey(world):
    from saathi.relief.surveys.models import Survey

    return Survey.objects.create(organisation=world.orgs["a"], title="Needs", form_id="needs")


def test_every_access_function_has_the_one_signature():
    import inspect

    from saathi.accounts import access as acc_access
    from saathi.linkage import access as link_access

    modules = [acc_access, ent_access, link_access, people_access, relief_access, survey_access]
    signatures = {
        str(inspect.signature(fn).replace(return_annotation=inspect.Signature.empty))
        for m in modules
        for name, fn in vars(m).items()
        if name.startswith("access_") and inspect.isfunction(fn)
    }
    assert signatures == {"(user, uuid, cap: str | None = None)"}


def test_scope_reaches_organisations_through_collectives(world):
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    s = policy.scope_for(leader, Cap.RECORD_DISTRIBUTIONS)
    assert s.organisations == frozenset()
    assert s.collectives == {world.collectives["a1"].pk}
    assert s.organisations_reached == {world.orgs["a"].pk}
    assert scope.organisation_ids(leader, Cap.RECORD_DISTRIBUTIONS) == {world.orgs["a"].pk}
    assert not scope.organisation_ids(leader, Cap.RECORD_DISTRIBUTIONS, through_collectives=False)
    assert list(scope.collectives_with(leader, Cap.RECORD_DISTRIBUTIONS)) == [
        world.collectives["a1"]
    ]
    admin = world.user("a", Role.ORG_ADMIN)
    assert set(scope.collectives_with(admin, Cap.MANAGE_REGISTRY)) == {
        world.collectives["a1"],
        world.collectives["a2"],
    }


def test_the_leader_rule_is_in_the_capability_table(world):
    """A leader records distributions in her organisation's programmes (the member is
    checked apart), but holds no other capability there through her collective."""
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    programme = make_programme(world, "a")  # organisation-wide: no collective
    assert Cap.RECORD_DISTRIBUTIONS in policy.COLLECTIVE_REACHES_ORGANISATION["relief.programme"]
    assert relief_access.access_programme(leader, programme.uuid, Cap.RECORD_DISTRIBUTIONS)
    assert not policy.has_cap_for(leader, Cap.RECORD_DISTRIBUTIONS, programme.organisation_id)
    with pytest.raises(Http404):  # another organisation's programme stays out of reach
        relief_access.access_programme(
            leader, make_programme(world, "b").uuid, Cap.RECORD_DISTRIBUTIONS
        )


# ------------------------------------------------------------- the organisation picker
@pytest.fixture
def two_org_admin(world):
    """An admin of organisation A who is also granted admin of organisation B."""
    user = world.user("a", Role.ORG_ADMIN)
    RoleGrant.objects.create(user=user, role=Role.ORG_ADMIN, organisation=world.orgs["b"])
    policy.clear_cache(user)
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return user, client


def test_one_organisation_shows_no_picker(world):
    client = Client()
    client.login(username=world.user("a", Role.ORG_ADMIN).username, password=PASSWORD)
    page = client.get(reverse("people:collective_create"))
    assert page.status_code == 200
    assert 'name="organisation"' not in page.content.decode()


def test_two_organisations_pick_where_a_collective_goes(world, two_org_admin):
    _user, client = two_org_admin
    page = client.get(reverse("people:collective_create"))
    html = page.content.decode()
    assert 'name="organisation"' in html and "Org A" in html and "Org B" in html
    data = {"name": "B Two", "state": "AP", "districts": "Guntur"}
    # without a choice: a clear message at the field, and nothing typed is lost
    page = client.post(reverse("people:collective_create"), data)
    assert page.status_code == 200
    assert page.context["form"].errors["organisation"]
    assert 'value="B Two"' in page.content.decode()
    client.post(
        reverse("people:collective_create"), {**data, "organisation": str(world.orgs["b"].uuid)}
    )
    assert Collective.objects.get(name="B Two").organisation == world.orgs["b"]


def test_the_picker_refuses_an_organisation_outside_her_scope(world):
    from saathi.people.models import Organisation

    user = world.user("a", Role.ORG_ADMIN)
    other = Organisation.objects.create(name="Org C", states=["WB"])
    RoleGrant.objects.create(user=user, role=Role.VIEWER, organisation=other)
    RoleGrant.objects.create(user=user, role=Role.ORG_ADMIN, organisation=world.orgs["b"])
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    page = client.post(
        reverse("funds:campaign_create"),
        {"name": "Flood fund", "target": "1000", "starts_on": "01/11/2026"}
        | {"organisation": str(other.uuid)},
    )
    assert page.status_code == 200
    assert page.context["form"].errors["organisation"]
    assert not Campaign.objects.filter(name="Flood fund").exists()


def test_two_organisations_pick_where_a_programme_goes(world, two_org_admin):
    _user, client = two_org_admin
    data = {
        "organisation": str(world.orgs["b"].uuid),
        "name": "Flood relief",
        "funder": "State",
        "starts_on": "01/11/2026",
        "interval_days": "30",
        "criteria_one_per_household": "on",
    }
    page = client.post(reverse("relief:programme_create"), data)
    assert page.status_code == 302, page.context["form"].errors
    assert Programme.objects.get(name="Flood relief").organisation == world.orgs["b"]
