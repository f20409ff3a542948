"""Query-count guards: survey pages cost the same number of queries whatever the rows."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from saathi.core.policy import Role
from saathi.relief.surveys import services

from .xlsforms import food_form

pytestmark = pytest.mark.django_db
BUDGET = 12
AUDIT = ('"core_auditevent"', '"core_auditchainhead"')


def add(world, version, n):
    for coll in ("a1", "a2"):
        c = world.collectives[coll]
        for i in range(n):
            services.response_record(
                version=version,
                raw={"members": str(1 + i % 5), "needs": ["rations"], "ration_card": "yes"},
                meta=services.ResponseMeta(
                    collective=c,
                    district=c.districts[0],
                    member=world.members[coll] if i == 0 else None,
                ),
                actor=world.user("a", Role.ORG_ADMIN),
            )


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, url
    return len(
        [
            q
            for q in ctx.captured_queries
            if not q["sql"].startswith(
                ("SAVEPOINT", "RELEASE SAVEPOINT", 'UPDATE "django_session"')
            )
            and not any(t in q["sql"] for t in AUDIT)
        ]
    )


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.COLLECTIVE_LEADER, Role.VIEWER])
def test_pages_do_not_grow_with_rows(world, role):
    version = services.survey_upload(
        organisation=world.orgs["a"],
        data=food_form(),
        file_name="f.xlsx",
        actor=world.user("a", Role.ORG_ADMIN),
    )
    s = version.survey.uuid
    urls = [
        reverse("surveys:survey_list"),
        reverse("surveys:survey_detail", args=[s]),
        reverse("surveys:survey_figures", args=[s]),
    ]
    if role != Role.VIEWER:
        urls += [
            reverse("surveys:response_list", args=[s]),
            reverse("surveys:response_new", args=[s]),
        ]
    client = Client()
    client.force_login(world.user("a", role))
    add(world, version, 2)
    small = {u: count(client, u) for u in urls}
    add(world, version, 12)
    for u in urls:
        n = count(client, u)
        assert n == small[u] and n <= BUDGET, (u, n, small[u])
