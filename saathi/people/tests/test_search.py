"""Member search: spelling variants, scripts, aliases, phones, references; always scoped."""

from __future__ import annotations

import pytest
from django.urls import reverse

from saathi.core.policy import Role
from saathi.people.models import Member
from saathi.people.selectors import MemberFilters, member_list, search_members

pytestmark = pytest.mark.django_db


def found(user, q: str) -> set[str]:
    page = member_list(user, MemberFilters(q=q))
    return {m.display_name for m in page.object_list}


@pytest.mark.parametrize(
    "q",
    [
        "laksmi",
        "LAKSH",
        "Lakshmi",
        "laxmi das",
        "লক্ষ্মী",
        "লক্ষ্মী দাস",
        "लक्ष्मी",
        "lokkhi",
        "LOKKHI",
        "das",
        "  Lakshmi   Das ",
    ],
)
def test_name_variants_find_her(world, q):
    assert found(world.user("a", Role.FACILITATOR), q) == {"Lakshmi Das"}


@pytest.mark.parametrize("q", ["Padma", "Rekha Das", "Lakshmi Mondal", "zzz"])
def test_non_matching_words_do_not_find_her(world, q):
    assert "Lakshmi Das" not in found(world.user("a", Role.FACILITATOR), q)


@pytest.mark.parametrize(
    "q", ["9876543210", "98765 43210", "98765-43210", "+91 98765 43210", "09876543210"]
)
def test_phone_search_finds_her(world, q):
    assert found(world.user("a", Role.FACILITATOR), q) == {"Lakshmi Das"}


def test_partial_phone_does_not_match_by_substring(world):
    assert found(world.user("a", Role.FACILITATOR), "9876543211") == set()


def test_reference_search(world):
    member = world.members["a1"]
    user = world.user("a", Role.FACILITATOR)
    assert found(user, member.reference) == {"Lakshmi Das"}
    assert found(user, member.reference.lower()) == {"Lakshmi Das"}
    # another organisation's reference finds nothing
    assert found(user, world.members["b1"].reference) == set()


def test_telugu_name_found_in_its_own_org(world):
    user = world.user("b", Role.FACILITATOR)
    for q in ["Padma", "గొల్లపూడి", "gollapudi padma", "Golapudi"]:
        assert found(user, q) == {"Gollapudi Padma"}, q


@pytest.mark.parametrize("role", [Role.ORG_ADMIN, Role.FACILITATOR, Role.SOCIAL_WORKER])
def test_other_organisation_is_never_returned(world, role):
    a_user = world.user("a", role)
    b_user = world.user("b", role)
    for q in ["", "Padma", "గొల్లపూడి", world.members["b1"].reference]:
        assert "Gollapudi Padma" not in found(a_user, q), q
    for q in ["", "Lakshmi", "লক্ষ্মী", "9876543210", world.members["a1"].reference]:
        assert "Lakshmi Das" not in found(b_user, q), q
    assert found(a_user, "") == {"Lakshmi Das", "Rekha Mondal"}


def test_collective_leader_sees_only_her_collective(world):
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    assert found(leader, "") == {"Lakshmi Das"}
    assert found(leader, "Rekha") == set()
    assert found(leader, "রেখা") == set()
    assert found(leader, world.members["a2"].reference) == set()
    assert found(leader, "Lakshmi") == {"Lakshmi Das"}


def test_viewer_finds_nobody(world):
    assert found(world.user("a", Role.VIEWER), "Lakshmi") == set()


def test_search_members_on_a_queryset_keeps_its_scope(world):
    qs = Member.objects.filter(organisation=world.orgs["b"])
    assert not search_members(qs, "Lakshmi").exists()
    assert search_members(Member.objects.all(), "").count() == 3


def test_filters_collective_district_missing(world):
    user = world.user("a", Role.FACILITATOR)
    page = member_list(user, MemberFilters(collective=str(world.collectives["a2"].uuid)))
    assert {m.display_name for m in page} == {"Rekha Mondal"}
    page = member_list(user, MemberFilters(district="howrah"))
    assert {m.display_name for m in page} == {"Rekha Mondal"}
    page = member_list(user, MemberFilters(missing_document=True))
    assert {m.display_name for m in page} == {"Lakshmi Das", "Rekha Mondal"}


def test_search_page(client, world):
    client.force_login(world.user("a", Role.FACILITATOR))
    r = client.get(reverse("people:member_list"), {"q": "lokkhi"})
    body = r.content.decode()
    assert r.status_code == 200
    assert str(world.members["a1"].uuid) in body
    assert str(world.members["a2"].uuid) not in body
    r = client.get(reverse("people:member_list"), {"q": "Padma"})
    assert str(world.members["b1"].uuid) not in r.content.decode()
    # a malformed collective filter does not break the page
    r = client.get(reverse("people:member_list"), {"q": "lakshmi", "collective": "not-a-uuid"})
    assert r.status_code == 200
    assert str(world.members["a1"].uuid) in r.content.decode()


def test_search_partial_for_htmx(client, world):
    client.force_login(world.user("a", Role.FACILITATOR))
    r = client.get(
        reverse("people:member_list"),
        {"q": "laksmi"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="member-results",
    )
    body = r.content.decode()
    assert str(world.members["a1"].uuid) in body
    assert "<html" not in body
