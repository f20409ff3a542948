"""Pages that write: the form keeps what was typed and says which field is wrong."""

import pytest
from django.urls import reverse
from django.utils import timezone

from saathi.core.models import CalendarFeed
from saathi.core.policy import Role
from saathi.entitlements import services
from saathi.entitlements.forms import SchemeForm
from saathi.entitlements.models import Application, Scheme

from .factories import facilitator, scheme


@pytest.mark.django_db
def test_admin_edits_a_shipped_scheme_through_the_form(world, client):
    client.force_login(world.user("a", Role.ORG_ADMIN))
    shipped = scheme("pmjdy_account", world.orgs["a"])
    url = reverse("entitlements:scheme_edit", kwargs={"uuid": shipped.uuid})
    page = client.get(url)
    assert page.status_code == 200 and "Jan Dhan" in page.content.decode()
    data = {k: v for k, v in SchemeForm.initial_for(shipped).items() if v not in (None, "")}
    for k in ("last_verified", "valid_from", "valid_to"):
        if k in data:
            data[k] = data[k].strftime("%d/%m/%Y")
    data["benefit"] = "Zero balance; RuPay card"
    data["min_age"] = "18"
    r = client.post(url, data)
    assert r.status_code == 302, r.content.decode()[:2000]
    new = Scheme.objects.get(code="pmjdy_account", organisation=world.orgs["a"])
    assert new.benefit == "Zero balance; RuPay card"
    assert new.required_documents == shipped.required_documents  # the group survived
    assert {"t": "age", "min": 18} in new.rules and {
        "t": "lacks",
        "doc": "bank_account",
    } in new.rules
    # a wrong field is named and nothing typed is lost
    data["max_age"] = "10"
    r = client.post(reverse("entitlements:scheme_edit", kwargs={"uuid": new.uuid}), data)
    body = r.content.decode()
    assert r.status_code == 200 and "The maximum age is below the minimum." in body
    assert "Zero balance; RuPay card" in body


@pytest.mark.django_db
def test_rejection_without_reason_keeps_the_note(world, client):
    user = facilitator(world)
    app = services.application_start(
        member=world.members["a1"], scheme=scheme("wb_ration_card", world.orgs["a"]), actor=user
    )
    services.application_move(application=app, to_status="submitted", actor=user)
    client.force_login(user)
    url = reverse("entitlements:application_move", kwargs={"uuid": app.uuid})
    r = client.post(url, {"to_status": "rejected", "note": "Officer said come back"})
    body = r.content.decode()
    assert r.status_code == 200
    assert "Choose the reason the office gave for the rejection." in body
    assert "Officer said come back" in body
    assert Application.objects.get(pk=app.pk).status == "submitted"


@pytest.mark.django_db
def test_calendar_feed_has_no_member_names(world, client):
    user = facilitator(world)
    app = services.application_start(
        member=world.members["a1"], scheme=scheme("wb_ration_card", world.orgs["a"]),
        actor=user, next_follow_up=timezone.localdate(), office="Food office, Ranaghat",
    )  # fmt: skip
    client.force_login(user)
    page = client.post(reverse("agenda:calendar_link"), {"create": "1"})
    key = page.context["key"]
    assert key and CalendarFeed.objects.filter(user=user, revoked_at=None).count() == 1
    client.logout()
    r = client.get(reverse("entitlements:calendar_feed"), {"key": key})
    body = r.content.decode()
    assert r.status_code == 200 and body.startswith("BEGIN:VCALENDAR")
    assert app.reference in body and "Ranaghat" in body
    assert "Lakshmi" not in body and "লক্ষ্মী" not in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    client.force_login(user)
    client.post(reverse("agenda:calendar_link"), {"revoke": "1"})
    client.logout()
    assert client.get(reverse("entitlements:calendar_feed"), {"key": key}).status_code == 404
