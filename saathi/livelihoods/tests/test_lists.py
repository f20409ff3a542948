"""The long lists by keyset (core/keyset.py): the livelihood list and the stock
movements go on from the last row shown, are counted up to a cap, and send as many
queries whatever the rows; the health drive's list of those not reached, by anti-join."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from saathi.core import keyset
from saathi.core.policy import Role
from saathi.livelihoods import selectors, services

from .helpers import days_ago, grant

pytestmark = pytest.mark.django_db


def _grants(world, n, org="a", member="a1"):
    # two a day, so that a page ends inside a day as often as not (ties on given_on)
    return [grant(world, org=org, member=member, given_on=days_ago(1 + i // 2)) for i in range(n)]


def _walk(user, filters=selectors.SupportFilters()):
    pages, after = [], ""
    while True:
        page = selectors.support_list(user, filters, after)
        pages.append(page)
        if not page.has_next:
            return pages
        after = page.after


def test_next_pages_go_on_from_the_last_row_without_repeats_or_gaps(world, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 3)
    made = _grants(world, 8)
    fac = world.user("a", Role.FACILITATOR)
    pages = _walk(fac)
    shown = [s.pk for p in pages for s in p.object_list]
    expected = sorted(made, key=lambda s: (s.given_on, s.pk), reverse=True)
    assert shown == [s.pk for s in expected]
    assert [len(p.object_list) for p in pages] == [3, 3, 2]
    assert [p.first for p in pages] == [True, False, False]
    assert all(p.count == 8 and not p.capped for p in pages)


def test_a_count_above_the_cap_says_more_than(world, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    monkeypatch.setattr(keyset, "COUNT_CAP", 4)
    _grants(world, 6)
    c = Client()
    c.force_login(world.user("a", Role.FACILITATOR))
    body = c.get(reverse("livelihoods:support_list")).content.decode()
    assert "More than 4" in body and "after=" in body


def test_the_filters_stay_on_the_next_link(world, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    _grants(world, 5)
    c = Client()
    c.force_login(world.user("a", Role.FACILITATOR))
    body = c.get(reverse("livelihoods:support_list") + "?activity=fruit_stall").content.decode()
    assert "activity=fruit_stall&amp;after=" in body
    assert "5 in all" in body


def test_a_cursor_of_another_organisation_gives_the_first_page(world, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    _grants(world, 3)
    theirs = _grants(world, 1, org="b", member="b1")[0]
    fac = world.user("a", Role.FACILITATOR)
    page = selectors.support_list(fac, selectors.SupportFilters(), str(theirs.uuid))
    assert page.first and len(page.object_list) == 2
    assert selectors.support_list(fac, selectors.SupportFilters(), "not-a-uuid").first


def test_a_leader_pages_through_her_collectives_supports_only(world, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    mine = _grants(world, 3, member="a1")
    _grants(world, 2, member="a2")  # collective a2: not hers
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    shown = {s.pk for p in _walk(leader) for s in p.object_list}
    assert shown == {s.pk for s in mine}


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    # as bench/pages.py counts: not transaction control, not the session's expiry moved
    # (SessionTouchMiddleware, at most once a minute)
    skip = ("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT", 'UPDATE "django_session"')
    return sum(1 for q in ctx.captured_queries if not q["sql"].startswith(skip))


def test_the_list_sends_as_many_queries_whatever_the_rows(world, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    c = Client()
    c.force_login(world.user("a", Role.COLLECTIVE_LEADER))
    url = reverse("livelihoods:support_list")
    _grants(world, 3)
    few = _queries(c, url)
    _grants(world, 6)
    page = selectors.support_list(
        world.user("a", Role.COLLECTIVE_LEADER), selectors.SupportFilters()
    )
    assert _queries(c, url) == few
    assert _queries(c, f"{url}?after={page.after}") <= few + 1  # the cursor's row
    assert few <= 12


def test_stock_movements_page_by_keyset(world):
    from saathi.relief.stock import selectors as stock_selectors
    from saathi.relief.stock import services as stock_services

    fac = world.user("a", Role.FACILITATOR)
    place = stock_services.place_create(organisation=world.orgs["a"], name="Office", actor=fac)
    item = stock_services.item_create(
        organisation=world.orgs["a"], name="Ration kit", unit="kit", actor=fac
    )
    for _ in range(5):
        stock_services.receipt_record(
            item=item,
            place=place,
            quantity=10,
            on=timezone.localdate(),
            donor_kind="ngo",
            actor=fac,
        )
    first = stock_selectors.movements(fac)
    assert first.first and first.count == 5 and not first.has_next
    c = Client()
    c.force_login(fac)
    assert "5 in all" in c.get(reverse("stock:index")).content.decode()


def _drive(world):
    from datetime import timedelta

    return services.drive_create(
        organisation=world.orgs["a"],
        data={
            "kind": "vaccination",
            "name": "Covid vaccination",
            "collective": world.collectives["a1"],
            "target": 50,
            "target_date": timezone.localdate() + timedelta(days=60),
        },
        actor=world.user("a", Role.FACILITATOR),
    )


def test_not_reached_is_counted_by_anti_join_and_agrees_with_the_progress(world):
    drive = _drive(world)
    fac = world.user("a", Role.FACILITATOR)
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    before = selectors.not_reached(leader, drive, "second_dose")
    assert [m.pk for m in before.object_list] == [world.members["a1"].pk]
    services.steps_mark(
        drive=drive,
        members=[world.members["a1"]],
        step="first_dose",
        on=timezone.localdate(),
        centre="",
        actor=fac,
    )
    total, rows = selectors.drive_progress(leader, drive)
    assert (total, rows[0].reached, rows[0].members) == (0, 0, 1)
    page = selectors.not_reached(leader, drive, "first_dose", progress=rows)
    assert page.paginator.count == 0 and list(page.object_list) == []
    known = selectors.not_reached(leader, drive, "second_dose", progress=rows)
    assert known.paginator.count == 1
    assert [m.pk for m in known.object_list] == [world.members["a1"].pk]
