"""The confidential reveal: a POST with a reason, always audited, shown in the access log
(issue 11.10)."""

import pytest
from django.urls import reverse

from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.people import services

pytestmark = pytest.mark.django_db


def _detail(member):
    return reverse("people:member_detail", args=[member.uuid])


def test_a_get_link_reveals_nothing_and_writes_nothing(client, world):
    member = world.members["a1"]
    client.force_login(world.user("a", Role.SOCIAL_WORKER))
    r = client.get(_detail(member) + "?reveal=confidential")
    assert "SECRET-OCCUPATION" not in r.content.decode()
    assert 'name="reveal-reason"' in r.content.decode()  # the reveal form instead
    assert not AuditEvent.objects.filter(action="view_confidential").exists()


def test_a_reveal_without_a_reason_is_refused_at_the_field(client, world):
    member = world.members["a1"]
    client.force_login(world.user("a", Role.SOCIAL_WORKER))
    r = client.post(_detail(member), {"_action": "reveal"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "SECRET-OCCUPATION" not in html
    assert '<div class="field invalid">' in html
    r = client.post(_detail(member), {"_action": "reveal", "reveal-reason": "other"})
    assert "Write the reason." in r.content.decode()
    assert not AuditEvent.objects.filter(action="view_confidential").exists()


def test_reveal_with_a_reason_is_audited_and_shown_in_who_accessed(client, world):
    member = world.members["a1"]
    sw = world.user("a", Role.SOCIAL_WORKER)
    client.force_login(sw)
    r = client.post(_detail(member), {"_action": "reveal", "reveal-reason": "legal_case"})
    assert "SECRET-OCCUPATION" in r.content.decode()
    event = AuditEvent.objects.get(action="view_confidential")
    assert event.detail["reason"] == "legal_case"
    client.force_login(world.user("a", Role.ORG_ADMIN))
    log = client.get(reverse("people:member_access_log", args=[member.uuid])).content.decode()
    assert "Legal case" in log and sw.username in log


def test_reveal_where_every_field_is_empty_is_audited_too(client, world):
    member = world.members["a2"]
    sw = world.user("a", Role.SOCIAL_WORKER)
    services.member_update(member=member, changes={"occupation": "", "hiv_status": ""}, actor=sw)
    client.force_login(sw)
    r = client.post(
        _detail(member),
        {"_action": "reveal", "reveal-reason": "other", "reveal-reason_text": "checking"},
    )
    assert r.status_code == 200
    event = AuditEvent.objects.get(action="view_confidential", member_id=member.pk)
    assert event.detail == {"reason": "other", "reason_text": "checking"}
    client.force_login(world.user("a", Role.ORG_ADMIN))
    log = client.get(reverse("people:member_access_log", args=[member.uuid])).content.decode()
    assert "Other: checking" in log


def test_edit_page_reveals_through_the_same_form(client, world):
    member = world.members["a1"]
    client.force_login(world.user("a", Role.SOCIAL_WORKER))
    url = reverse("people:member_edit", args=[member.uuid])
    assert "SECRET-OCCUPATION" not in client.get(url + "?reveal=confidential").content.decode()
    r = client.post(url, {"_action": "reveal", "reveal-reason": "counselling"})
    html = r.content.decode()
    assert 'value="SECRET-OCCUPATION"' in html
    assert '<div class="field invalid">' not in html  # the main form is not validated
    assert AuditEvent.objects.get(action="view_confidential").detail["reason"] == "counselling"
    assert member.display_name == type(member).objects.get(pk=member.pk).display_name


def test_roles_without_the_capability_cannot_post_a_reveal(client, world):
    member = world.members["a1"]
    for role in (Role.FACILITATOR, Role.COLLECTIVE_LEADER, Role.VOLUNTEER, Role.ORG_ADMIN):
        client.force_login(world.user("a", role))
        r = client.post(_detail(member), {"_action": "reveal", "reveal-reason": "counselling"})
        assert r.status_code == 403
    assert not AuditEvent.objects.filter(action="view_confidential").exists()
