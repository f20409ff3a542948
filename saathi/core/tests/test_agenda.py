"""The agenda registry, page and calendar feed (saathi/core/agenda, ADR 0025)."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from saathi.core import agenda
from saathi.core.agenda import services as agenda_services
from saathi.core.policy import Role
from saathi.entitlements import services as ent_services
from saathi.entitlements.agenda import KIND as FOLLOW_UP
from saathi.entitlements.tests.factories import facilitator, scheme

TEST_KIND = "tests.hearing"


def _hearings(user, start, end):
    """A kind of the test's own: one timed appointment, seen by organisation A's users."""
    if user.organisation is None or user.organisation.name != _hearings.org_name:
        return
    on = timezone.localdate() + timedelta(days=1)
    yield agenda.Entry(
        key=f"{TEST_KIND}:1",
        kind=TEST_KIND,
        on=on,
        at=time(10, 30),
        title="Appointment HR-1",
        url="/registry/",
        place="Basirhat court complex",
    )
    yield agenda.Entry(key="", kind=TEST_KIND, on=on)  # invalid: no key, skipped


@pytest.fixture
def hearing_kind(world):
    _hearings.org_name = world.orgs["a"].name
    agenda.register(TEST_KIND, label="Hearings", entries=_hearings)
    yield
    agenda.unregister(TEST_KIND)


def _application(world, org="a", member="a1", code="pmjdy_account", **kw):
    user = facilitator(world, org)
    return ent_services.application_start(
        member=world.members[member], scheme=scheme(code, world.orgs[org]),
        actor=user, office="Food office, Ranaghat", **kw,
    )  # fmt: skip


def test_entitlements_register_their_follow_ups():
    kind = agenda.get_kind(FOLLOW_UP)
    assert kind is not None and kind.due is not None


def test_a_kind_cannot_be_registered_twice_by_two_apps():
    agenda.register("tests.once", label="x", entries=_hearings)
    try:
        agenda.register("tests.once", label="x", entries=_hearings)  # same function: fine
        with pytest.raises(ImproperlyConfigured):
            agenda.register("tests.once", label="y", entries=lambda u, s, e: [])
        with pytest.raises(ImproperlyConfigured):
            agenda.register("nodot", label="y", entries=_hearings)
    finally:
        agenda.unregister("tests.once")


@pytest.mark.django_db
def test_agenda_page_shows_every_kind_in_scope_in_date_order(world, client, hearing_kind):
    today = timezone.localdate()
    mine = _application(world, next_follow_up=today)
    late = _application(world, member="a2", next_follow_up=today - timedelta(days=3))
    theirs = _application(world, org="b", member="b1", next_follow_up=today)
    client.force_login(facilitator(world))
    r = client.get(reverse("agenda:agenda"))
    body = r.content.decode()
    assert r.status_code == 200
    assert mine.reference in body and late.reference in body and theirs.reference not in body
    assert "Appointment HR-1" in body and "10:30" in body and "Basirhat court complex" in body
    # overdue first, then today, then tomorrow's hearing
    assert body.index(late.reference) < body.index(mine.reference) < body.index("HR-1")
    assert "3 days overdue" in body
    # organisation B's facilitator sees her own, not A's
    client.force_login(facilitator(world, "b"))
    body = client.get(reverse("agenda:agenda")).content.decode()
    assert theirs.reference in body and mine.reference not in body and "HR-1" not in body


@pytest.mark.django_db
def test_agenda_is_refused_to_viewers(world, client):
    client.force_login(world.user("a", Role.VIEWER))
    assert client.get(reverse("agenda:agenda")).status_code == 403


@pytest.mark.django_db
def test_agenda_pages_by_fifty(world, client, settings):
    settings.SAATHI_PAGE_SIZE = 2
    today = timezone.localdate()
    for key in ("a1", "a2"):
        for days, code in ((1, "pmjdy_account"), (2, "voter_id_form6")):
            _application(world, member=key, code=code, next_follow_up=today + timedelta(days=days))
    client.force_login(facilitator(world))
    first = client.get(reverse("agenda:agenda"))
    assert first.context["more"] and len(first.context["rows"]) == 2
    second = client.get(reverse("agenda:agenda"), {"page": 2})
    assert not second.context["more"] and len(second.context["rows"]) == 2
    seen = [r.entry.key for r in first.context["rows"] + second.context["rows"]]
    assert len(set(seen)) == 4
    assert client.get(reverse("agenda:agenda"), {"page": "x"}).status_code == 200


@pytest.mark.django_db
def test_calendar_feed_is_icalendar_with_every_kind_and_no_names(world, client, hearing_kind):
    app = _application(world, next_follow_up=timezone.localdate())
    user = facilitator(world)
    _feed, key = agenda_services.calendar_feed_create(user=user)
    r = client.get(reverse("agenda:calendar_feed"), {"key": key})
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    assert r["Cache-Control"] == "no-store"
    cal = Calendar.from_ical(r.content)
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert any(app.reference in s for s in events)
    hearing = events["Appointment HR-1"]
    start = hearing.decoded("dtstart")
    assert (start.hour, start.minute) == (10, 30) and str(start.tzinfo) == "Asia/Kolkata"
    assert str(hearing["location"]) == "Basirhat court complex"
    assert str(hearing["url"]).startswith("http://testserver/")
    follow_up = next(e for s, e in events.items() if app.reference in s)
    assert follow_up.decoded("dtstart") == timezone.localdate()  # all day
    body = r.content.decode()
    for name in ("Lakshmi", "লক্ষ্মী"):
        assert name not in body
    # the same UID on the next download: the phone updates the event, never duplicates it
    again = Calendar.from_ical(client.get(reverse("agenda:calendar_feed"), {"key": key}).content)
    assert {str(e["uid"]) for e in again.walk("VEVENT")} == {
        str(e["uid"]) for e in cal.walk("VEVENT")
    }


@pytest.mark.django_db
def test_calendar_feed_secret_is_hashed_and_revocable(world, client):
    user = facilitator(world)
    feed, key = agenda_services.calendar_feed_create(user=user)
    assert key not in feed.key_hash and agenda_services.calendar_feed_user(key) == user
    _feed2, key2 = agenda_services.calendar_feed_create(user=user)
    assert agenda_services.calendar_feed_user(key) is None  # the new link replaced the old one
    agenda_services.calendar_feed_revoke(user=user)
    assert agenda_services.calendar_feed_user(key2) is None
    assert agenda_services.calendar_feed_user("cal_nonsense") is None
    assert client.get(reverse("agenda:calendar_feed"), {"key": key2}).status_code == 404


@pytest.mark.django_db
def test_calendar_feed_of_a_user_who_became_a_viewer_is_404(world, client):
    viewer = world.user("a", Role.VIEWER)
    _feed, key = agenda_services.calendar_feed_create(user=viewer)
    assert client.get(reverse("agenda:calendar_feed"), {"key": key}).status_code == 404


@pytest.mark.django_db
def test_old_agenda_addresses_lead_to_the_new_ones(world, client):
    client.force_login(facilitator(world))
    r = client.get(reverse("entitlements:agenda"))
    assert r.status_code == 301 and r["Location"] == reverse("agenda:agenda")
    r = client.get(reverse("entitlements:calendar_link"))
    assert r.status_code == 301 and r["Location"] == reverse("agenda:calendar_link")


@pytest.mark.django_db
def test_a_kind_that_fails_its_contract_does_not_take_the_page_down(world, client):
    def broken(user, start, end):
        yield agenda.Entry(key="x:1", kind="someone.else", on=timezone.localdate())
        yield "not an entry"

    agenda.register("tests.broken", label="Broken", entries=broken)
    try:
        client.force_login(facilitator(world))
        assert client.get(reverse("agenda:agenda")).status_code == 200
    finally:
        agenda.unregister("tests.broken")


@pytest.mark.django_db
def test_a_page_reads_only_what_it_shows_and_copes_with_a_kind_out_of_order(world):
    today = timezone.localdate()
    read = []

    def in_order(user, start, end):
        for i in range(10):
            read.append(i)
            yield agenda.Entry(key=f"tests.ordered:{i}", kind="tests.ordered",
                               on=today + timedelta(days=i))  # fmt: skip

    def shuffled(user, start, end):
        for i in (5, 1, 3):
            yield agenda.Entry(key=f"tests.shuffled:{i}", kind="tests.shuffled",
                               on=today + timedelta(days=i) - timedelta(hours=0))  # fmt: skip

    agenda.register("tests.ordered", label="Ordered", entries=in_order)
    agenda.register("tests.shuffled", label="Shuffled", entries=shuffled)
    try:
        user = facilitator(world)
        found = agenda.entries_for(user, today, today + timedelta(days=30), limit=3)
        assert len(read) == 3  # the ordered kind was read only as far as the page needs
        keys = [e.key for e in found.entries]
        # the shuffled kind is read whole and sorted in: days 0, 1 (shuffled), 1 (ordered)
        assert keys == ["tests.ordered:0", "tests.ordered:1", "tests.shuffled:1"]
    finally:
        agenda.unregister("tests.ordered")
        agenda.unregister("tests.shuffled")


@pytest.mark.django_db
def test_entries_of_one_day_and_time_in_any_order_are_in_order(world, caplog):
    """A kind ordered by date, time and id (not by key) is read only as far as needed:
    ties on the same day and time may come in any order of their keys."""
    today = timezone.localdate()
    read = []

    def ties(user, start, end):
        for i in (9, 8, 7, 6, 5):
            read.append(i)
            yield agenda.Entry(key=f"tests.ties:{i}", kind="tests.ties", on=today)

    agenda.register("tests.ties", label="Ties", entries=ties)
    try:
        found = agenda.entries_for(facilitator(world), today, today, limit=2)
        assert len(read) == 2 and len(found.entries) == 2
        assert "out of date order" not in caplog.text
    finally:
        agenda.unregister("tests.ties")


def _copy_of_follow_ups(name):
    """A database kind of the test's own: the entitlements follow-ups under another name."""
    from saathi.entitlements import agenda as ent_agenda

    def build(row, start):
        return replace(ent_agenda._entry(row, start), kind=name, key=f"{name}:{row.uuid}")

    return ent_agenda.select, build


@pytest.mark.django_db
def test_the_agenda_reads_every_database_kind_in_one_query(world, client):
    """However many kinds are registered, the page costs the same queries (one UNION ALL
    of every kind's first rows), within DESIGN.md's 12, and each kind stays scoped."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = timezone.localdate()
    mine = _application(world, next_follow_up=today)
    theirs = _application(world, org="b", member="b1", next_follow_up=today)
    client.force_login(facilitator(world))
    url = reverse("agenda:agenda")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url)
        assert r.status_code == 200
        return r, len(ctx.captured_queries)

    count()  # the first request after logging in also rotates the session
    _r, before = count()
    names = [f"tests.copy{i}" for i in range(3)]
    for name in names:
        select, build = _copy_of_follow_ups(name)
        agenda.register(name, label=name, select=select, build=build)
    try:
        r, after = count()
        assert after == before <= 12, (before, after)
        keys = {row.entry.key for row in r.context["rows"]}
        for name in names:
            assert f"{name}:{mine.uuid}" in keys and f"{name}:{theirs.uuid}" not in keys
    finally:
        for name in names:
            agenda.unregister(name)


@pytest.mark.django_db
def test_a_database_kind_keeps_the_agenda_order_and_its_limit(world):
    """Each kind's rows come in its own order and at most the page's worth of them; the
    page sorts them all: overdue first, then by date."""
    today = timezone.localdate()
    apps = [
        _application(world, member=m, code=c, next_follow_up=today + timedelta(days=d))
        for m, c, d in (("a1", "pmjdy_account", 3), ("a2", "pmjdy_account", -2),
                        ("a1", "voter_id_form6", 1))
    ]  # fmt: skip
    user = facilitator(world)
    found = agenda.entries_for(
        user, today - timedelta(days=30), today + timedelta(days=30), only=[FOLLOW_UP], limit=2
    )
    assert [e.key.split(":")[1] for e in found.entries] == [str(apps[1].uuid), str(apps[2].uuid)]
    assert [e.on for e in found.entries] == sorted(e.on for e in found.entries)
    # the title names the scheme in the reader's language, as Scheme.name has it
    assert all(apps[1].scheme.name in str(e.title) for e in found.entries[:1])
    assert apps[1].scheme.name != apps[1].scheme.code
    # read on its own (the reminders' check of her scope): the same entries, every one
    alone = list(agenda.get_kind(FOLLOW_UP).entries(user, today - timedelta(days=30), today))
    assert {e.key.split(":")[1] for e in alone} == {str(apps[1].uuid)}


def test_a_kind_is_either_a_query_or_a_function():
    with pytest.raises(ImproperlyConfigured):
        agenda.register("tests.both", label="x", entries=_hearings, select=lambda u, s, e: None,
                        build=lambda row, start: None)  # fmt: skip
    with pytest.raises(ImproperlyConfigured):
        agenda.register("tests.neither", label="x")
    with pytest.raises(ImproperlyConfigured):
        agenda.register("tests.nobuild", label="x", select=lambda u, s, e: None)
