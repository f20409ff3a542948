"""The member list of a user whose grants are on one collective, read from its memberships
(``membership_list``): the same members, count and order as the members' own query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from saathi.core.policy import Role
from saathi.core.testing import register
from saathi.people import selectors, services
from saathi.people.models import Member, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd(world):
    """Members of A1 in no particular name order, one also in A2, one who left A1, one
    archived, one without a missing document."""
    names = ["Zarina Bibi", "Anjali Sardar", "Mitali Das", "Kalpana Roy", "Bina Mondal"]
    made = {n: register(world, "a", "a1", n) for n in names}
    admin = world.user("a", Role.ORG_ADMIN)
    services.member_join_collective(
        member=made["Mitali Das"], collective=world.collectives["a2"], role="member", actor=admin
    )
    left = register(world, "a", "a1", "Chhaya Pal")
    services.member_leave_collective(
        membership=left.memberships.get(collective=world.collectives["a1"]), actor=admin
    )
    services.member_archive(
        member=made["Kalpana Roy"], reason="moved away", actor=world.user("a", Role.ORG_ADMIN)
    )
    # a member of A2 only: never in A1's list
    register(world, "a", "a2", "Asha Tudu")
    return made


def shown(user, **filters) -> tuple[int, list[str]]:
    page = selectors.member_list(user, selectors.MemberFilters(**filters))
    return page.paginator.count, [m.display_name for m in page.object_list]


def expected(user, **filters) -> tuple[int, list[str]]:
    """What the members' own query (members_matching, used for every other scope) gives."""
    qs = selectors.members_matching(user, selectors.MemberFilters(**filters))
    return qs.count(), list(qs.values_list("display_name", flat=True)[:50])


def test_leader_list_is_read_from_the_memberships(world, crowd):
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    assert selectors._collective_keys(leader, selectors.MemberFilters()) is not None
    count, names = shown(leader)
    assert names == ["Anjali Sardar", "Bina Mondal", "Lakshmi Das", "Mitali Das", "Zarina Bibi"]
    assert count == 5
    assert (count, names) == expected(leader)


@pytest.mark.parametrize(
    "filters",
    [
        {"missing_document": True},
        {"district": "nadia"},
        {"district": "Howrah"},
        {"collective": "a2"},
        {"collective": "a1", "missing_document": True},
        {"archived": True},
        {"q": "das"},  # a search goes through the members' query
    ],
)
def test_leader_list_with_filters_matches_the_members_query(world, crowd, filters):
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    if "collective" in filters:
        filters = {**filters, "collective": str(world.collectives[filters["collective"]].uuid)}
    assert shown(leader, **filters) == expected(leader, **filters)


def test_copies_follow_her_name_and_archiving(world, crowd):
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    worker = world.user("a", Role.SOCIAL_WORKER)
    admin = world.user("a", Role.ORG_ADMIN)
    zarina = crowd["Zarina Bibi"]
    services.member_update(member=zarina, changes={"display_name": "Amina Bibi"}, actor=worker)
    assert set(Membership.objects.filter(member=zarina).values_list("member_name", flat=True)) == {
        "Amina Bibi"
    }
    assert shown(leader)[1][0] == "Amina Bibi"

    services.member_archive(member=zarina, reason="duplicate record", actor=admin)
    assert "Amina Bibi" not in shown(leader)[1]
    assert "Amina Bibi" in shown(leader, archived=True)[1]
    assert shown(leader, archived=True) == expected(leader, archived=True)

    services.member_restore(member=Member.objects.get(pk=zarina.pk), actor=admin)
    assert shown(leader) == expected(leader)
    assert "Amina Bibi" in shown(leader)[1]


def test_new_memberships_carry_her_name(world, crowd):
    admin = world.user("a", Role.ORG_ADMIN)
    member = crowd["Anjali Sardar"]
    m = services.member_join_collective(
        member=member, collective=world.collectives["a2"], role="member", actor=admin
    )
    m.refresh_from_db()
    assert (m.member_name, m.member_archived) == ("Anjali Sardar", False)


def test_other_scopes_keep_the_members_query(world, crowd):
    assert (
        selectors._collective_keys(world.user("a", Role.FACILITATOR), selectors.MemberFilters())
        is None
    )


def test_leader_list_view(client, world, crowd):
    client.force_login(world.user("a", Role.COLLECTIVE_LEADER))
    r = client.get(reverse("people:member_list"))
    assert r.status_code == 200
    body = r.content.decode()
    assert body.index("Anjali Sardar") < body.index("Zarina Bibi")
    assert "Asha Tudu" not in body and "Chhaya Pal" not in body and "Kalpana Roy" not in body


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plans")
def test_leader_list_counts_and_pages_from_the_index(client, world, crowd):
    """Before membership_list, each of the two statements read every member of the
    collective by id (33,000 rows for the demo's leader) and sorted them."""
    client.force_login(world.user("a", Role.COLLECTIVE_LEADER))
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("people:member_list") + "?page=1")
    lists = [q["sql"] for q in ctx.captured_queries if '"people_membership"' in q["sql"]]
    count_sql = next(s for s in lists if s.startswith("SELECT COUNT(*)"))
    page_sql = next(s for s in lists if '"people_member"."display_name"' in s)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + count_sql)
        count_plan = [r[3] for r in cursor.fetchall()]
        cursor.execute("EXPLAIN QUERY PLAN " + page_sql)
        page_plan = [r[3] for r in cursor.fetchall()]
    assert count_plan == [
        "SEARCH people_membership USING COVERING INDEX membership_list (collective_id=?)"
    ]
    # the page's ids come from the index in its order; only the 50 rows are then sorted
    assert any("COVERING INDEX membership_list" in step for step in page_plan), page_plan
    assert sum("TEMP B-TREE" in step for step in page_plan) == 1, page_plan


@pytest.mark.parametrize("q", ["das", "a", "zubeida", "MEM-000001"])
def test_leader_search_counts_with_its_page(world, crowd, q):
    """A leader's search counts in the statement that finds the page's ids."""
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    with CaptureQueriesContext(connection) as ctx:
        result = shown(leader, q=q)
    assert result == expected(leader, q=q)
    assert sum("OVER ()" in x["sql"] for x in ctx.captured_queries) == 1
    assert not any(x["sql"].startswith("SELECT COUNT(*)") for x in ctx.captured_queries)


def test_leader_search_page_past_the_end_shows_the_last(world, crowd):
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    page = selectors.member_list(leader, selectors.MemberFilters(q="das"), 99)
    assert page.number == page.paginator.num_pages == 1
    assert [m.display_name for m in page.object_list] == expected(leader, q="das")[1]
    page = selectors.member_list(leader, selectors.MemberFilters(q="das"), "x")
    assert page.number == 1
