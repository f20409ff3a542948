"""Query-count guards: pages cost the same number of queries whatever the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from saathi.core.policy import Role
from saathi.core.testing import register
from saathi.people import services

pytestmark = pytest.mark.django_db
BUDGET = 12


def add_members(world, n: int, coll: str = "a1"):
    for i in range(n):
        register(world, "a", coll, f"Member {i:03d} Das", f"সদস্য {i}", phone=f"98300{i:05d}")


def count(client, url, post=None, **extra) -> tuple[int, list[str]]:
    """The statements the request sent (a GET, or a POST of ``post``), without the
    savepoints of the test transaction and the session's expiry write (at most once a
    minute: SessionTouchMiddleware)."""
    with CaptureQueriesContext(connection) as ctx:
        r = client.post(url, post, **extra) if post is not None else client.get(url, **extra)
    assert r.status_code == 200, (url, r.status_code)
    sqls = [
        q["sql"]
        for q in ctx.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        and not q["sql"].startswith('UPDATE "django_session"')
    ]
    return len(sqls), sqls


TX = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN")
AUDIT_TABLES = ('"core_auditevent"', '"core_auditchainhead"')


def split(sqls: list[str]) -> tuple[list[str], list[str]]:
    """(queries of the page itself, statements that append audit rows)."""
    reads, audit_writes = [], []
    for sql in sqls:
        if sql.startswith(TX):
            continue
        (audit_writes if any(t in sql for t in AUDIT_TABLES) else reads).append(sql)
    return reads, audit_writes


@pytest.mark.parametrize(
    "role", [Role.FACILITATOR, Role.COLLECTIVE_LEADER, Role.SOCIAL_WORKER, Role.VOLUNTEER]
)
def test_member_list_queries_do_not_grow(client, world, role):
    client.force_login(world.user("a", role))
    url = reverse("people:member_list")
    add_members(world, 3)  # 5 visible to staff
    small, _ = count(client, url)
    small_q, _ = count(client, url + "?q=das")
    add_members(world, 55)  # 60
    large, sqls = count(client, url)
    large_q, _ = count(client, url + "?q=das")
    page2, _ = count(client, url + "?page=2")
    assert small == large, sqls
    assert small_q == large_q
    assert max(large, large_q, page2) <= BUDGET, sqls


def test_member_list_with_filters_stays_in_budget(client, world):
    client.force_login(world.user("a", Role.FACILITATOR))
    add_members(world, 10)
    url = (
        reverse("people:member_list")
        + f"?q=das&collective={world.collectives['a1'].uuid}&district=Nadia&missing=1"
    )
    n, sqls = count(client, url)
    assert n <= BUDGET, sqls
    n_htmx, _ = count(client, url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="member-results")
    assert n_htmx <= n


def enrich(world, member, n: int):
    """Give a member n more names, phones, documents, consents and dependants."""
    sw = world.user("a", Role.SOCIAL_WORKER)
    if not member.household_id:
        services.household_create(member=member, actor=sw)
    member.refresh_from_db()
    for i in range(n):
        services.member_add_name(member=member, text=f"Alias {i}", kind="alias", actor=sw)
        services.member_add_phone(member=member, raw=f"70000{i:05d}", shared=False, actor=sw)
        services.document_save(
            member=member,
            data={"kind": "voter_id", "status": "held", "number": f"WB{i:06d}"},
            actor=sw,
        )
        services.dependant_add(
            household=member.household,
            name=f"Child {i}",
            relationship="son",
            birth_year=2015,
            sex="male",
            actor=sw,
        )
    add_members(world, n)  # other members in her household
    from saathi.people.models import Member

    Member.objects.filter(display_name__startswith="Member").update(household=member.household)


# Audited reads: each audit row costs 3 statements (lock the chain head, insert, move the
# head) and, inside the test transaction, a savepoint pair. The page's own queries stay
# within the budget; the audit writes are counted apart.
AUDIT_ROWS = {Role.FACILITATOR: 1, Role.SOCIAL_WORKER: 1, Role.COLLECTIVE_LEADER: 0}


@pytest.mark.parametrize("role", list(AUDIT_ROWS))
def test_member_detail_queries_do_not_grow(client, world, role):
    member = world.members["a1"]
    client.force_login(world.user("a", role))
    url = reverse("people:member_detail", args=[member.uuid])
    enrich(world, member, 1)
    small, _ = count(client, url)
    enrich(world, member, 8)
    large, sqls = count(client, url)
    assert small == large, "\n".join(sqls)
    reads, audit_writes = split(sqls)
    assert len(reads) <= BUDGET, "\n".join(reads)
    assert len(audit_writes) == 3 * AUDIT_ROWS[role], "\n".join(audit_writes)


def test_member_detail_total_statements(client, world):
    """12 reads at most, and one audit row (3 statements) for the personal data shown."""
    member = world.members["a1"]
    enrich(world, member, 3)
    client.force_login(world.user("a", Role.FACILITATOR))
    n, sqls = count(client, reverse("people:member_detail", args=[member.uuid]))
    reads, audit_writes = split(sqls)
    assert len(reads) <= BUDGET, "\n".join(reads)
    assert len(audit_writes) == 3, "\n".join(audit_writes)


def test_member_detail_reveal_adds_one_audit_row(client, world):
    member = world.members["a1"]
    client.force_login(world.user("a", Role.SOCIAL_WORKER))
    url = reverse("people:member_detail", args=[member.uuid])
    _, plain = count(client, url)
    _, revealed = count(client, url, post={"reveal-reason": "counselling", "_action": "reveal"})
    assert split(revealed)[0] == split(plain)[0] or len(split(revealed)[0]) <= BUDGET
    assert len(split(revealed)[1]) == len(split(plain)[1]) + 3


def test_api_member_list_queries_do_not_grow(client, world):
    client.force_login(world.user("a", Role.FACILITATOR))
    add_members(world, 3)
    small, _ = count(client, "/api/members")
    add_members(world, 60)
    large, sqls = count(client, "/api/members")
    large_q, _ = count(client, "/api/members?q=das")
    page2, _ = count(client, "/api/members?page=2")
    assert small == large, "\n".join(sqls)
    assert max(large, large_q, page2) <= BUDGET, "\n".join(sqls)


def test_api_member_list_with_a_token(client, world):
    from saathi.accounts.models import ApiToken

    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=world.user("a", Role.FACILITATOR), name="t", key_hash=ApiToken.hash_key(key)
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    add_members(world, 3)
    first, _ = count(client, "/api/members", **auth)  # also notes when the token was used
    small, _ = count(client, "/api/members", **auth)
    assert first == small + 1
    add_members(world, 50)
    large, sqls = count(client, "/api/members", **auth)
    assert small == large
    assert large <= BUDGET, "\n".join(sqls)


def test_api_member_detail_and_households_do_not_grow(client, world):
    member = world.members["a1"]
    client.force_login(world.user("a", Role.FACILITATOR))
    enrich(world, member, 1)
    small, _ = count(client, f"/api/members/{member.uuid}")
    hh_small, _ = count(client, "/api/households")
    enrich(world, member, 6)
    large, sqls = count(client, f"/api/members/{member.uuid}")
    hh_large, hh_sqls = count(client, "/api/households")
    assert small == large, "\n".join(sqls)
    reads, audit_writes = split(sqls)
    assert len(reads) <= BUDGET, "\n".join(reads)
    assert len(audit_writes) == 6  # birth date and phones, one row each
    assert hh_small == hh_large, "\n".join(hh_sqls)
    assert hh_large <= BUDGET
