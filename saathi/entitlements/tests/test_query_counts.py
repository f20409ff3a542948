"""Query-count guards: the entitlements pages cost the same queries whatever the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from saathi.core.policy import Role
from saathi.entitlements import services

from .factories import facilitator, scheme

BUDGET = 12
SKIP = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", 'UPDATE "django_session"')


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, url
    return len(
        [
            q
            for q in ctx.captured_queries
            if not q["sql"].startswith(SKIP) and "core_audit" not in q["sql"]
        ]
    )


def _apps(world, start, n):
    user = facilitator(world)
    codes = ("wb_ration_card", "pmjdy_account", "voter_id_form6", "wb_swasthya_sathi")
    for code in codes[start:n]:
        for key in ("a1", "a2"):
            app = services.application_start(
                member=world.members[key], scheme=scheme(code, world.orgs["a"]), actor=user,
                next_follow_up=timezone.localdate(),
            )  # fmt: skip
            services.application_move(application=app, to_status="submitted", actor=user)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.COLLECTIVE_LEADER])
def test_pages_do_not_grow_with_rows(world, client, role):
    client.force_login(world.user("a", role))
    _apps(world, 0, 1)
    member = world.members["a1"]
    urls = [
        reverse("agenda:agenda"),
        reverse("entitlements:application_list"),
        reverse("entitlements:application_list") + "?stalled=1",
        reverse("entitlements:member", kwargs={"uuid": member.uuid}),
        reverse("entitlements:scheme_list"),
    ]
    before = {u: _count(client, u) for u in urls}
    _apps(world, 1, 4)
    for u in urls:
        after = _count(client, u)
        assert after == before[u], (u, before[u], after)
        assert after <= _budget(u), (u, after)


def _budget(url: str) -> int:
    """Every page, the shared agenda too: it reads every registered kind in one query
    (ADR 0025), so its budget is DESIGN.md's whatever the modules installed."""
    return BUDGET
