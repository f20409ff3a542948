"""Linkage pages read a fixed number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from saathi.core.policy import Role
from saathi.linkage import services
from saathi.linkage.imports import read_list
from saathi.linkage.models import LinkageRun

from .factories import csv_bytes
from .fake_matcher import fake_match

MAX = 12


def _rows(n, prefix, phone):
    names = ["Lakshmi Das", "Rekha Mondal", "Purnima Biswas", "Anjali Sarkar", "Mina Khatun"]
    out = []
    for i in range(n):
        given, family = names[i % len(names)].split()
        out.append(
            (
                f"{prefix}{i}",
                prefix,
                f"{given}{i // len(names)}",
                family,
                "",
                "F",
                "30",
                phone(i),
                "",
                "Ranaghat",
                "Nadia",
                "WB",
            )
        )
    return out


def _page_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200
    return [q["sql"] for q in ctx.captured_queries if "core_audit" not in q["sql"]]


@pytest.mark.django_db
@pytest.mark.parametrize("n", [5, 40])
def test_pages_stay_within_the_query_budget(world, monkeypatch, n):
    monkeypatch.setattr(services, "matcher", lambda: fake_match)
    actor = world.user("a", Role.FACILITATOR)
    lists = [
        services.list_import(
            organisation=world.orgs["a"],
            collective=None,
            name=p,
            read=read_list(csv_bytes(_rows(n, p, ph))),
            file_name="",
            actor=actor,
        )
        for p, ph in (("A", lambda i: ""), ("B", lambda i: ""))
    ]
    run = services.run_create(
        actor=actor, organisation=world.orgs["a"], lists=lists, against_registry=False
    )
    services.run_execute(run, actor=actor)
    run = LinkageRun.objects.get()
    assert run.pairs.filter(band="review").count() == n
    client = Client()
    client.force_login(actor)
    pair = run.pairs.first()
    ben = lists[0].records.first().beneficiary
    for url in (
        reverse("linkage:index"),
        reverse("linkage:list_detail", kwargs={"uuid": lists[0].uuid}),
        reverse("linkage:run_detail", kwargs={"uuid": run.uuid}),
        reverse("linkage:run_review", kwargs={"uuid": run.uuid}),
        reverse("linkage:run_review", kwargs={"uuid": run.uuid}) + "?tab=decided",
        reverse("linkage:pair_detail", kwargs={"uuid": pair.uuid}),
        reverse("linkage:beneficiary_detail", kwargs={"uuid": ben.uuid}),
    ):
        queries = _page_queries(client, url)
        assert len(queries) <= MAX, (url, len(queries), queries)
