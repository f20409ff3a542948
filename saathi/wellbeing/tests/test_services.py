"""Services of the wellbeing module: sessions, the safety step, referrals, incidents,
health support; each refusal with its message at the right field."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from saathi.core import agenda
from saathi.core.consent import consent_record
from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.core.testing import make_user
from saathi.wellbeing import services
from saathi.wellbeing.models import SafetyAlert, SafetyStep

from . import factories

pytestmark = pytest.mark.django_db


def test_session_needs_a_concern_and_a_later_next_session(world):
    member = world.members["a1"]
    sw = world.user("a", Role.SOCIAL_WORKER)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as e:
        services.session_record(
            member=member,
            data={
                "kind": "individual",
                "mode": "phone",
                "held_on": today,
                "duration_minutes": 30,
                "next_session_on": today,
            },
            actor=sw,
        )
    assert set(e.value.error_dict) == {"concerns", "next_session_on"}


def test_only_social_workers_record_sessions(world):
    with pytest.raises(PermissionDenied):
        services.session_record(
            member=world.members["a1"], data={}, actor=world.user("a", Role.FACILITATOR)
        )


def test_next_session_on_the_agenda_with_a_neutral_reminder(world):
    s = factories.session(world)
    sw = world.user("a", Role.SOCIAL_WORKER)
    today = timezone.localdate()
    got = agenda.entries_for(sw, today, today + timedelta(days=14)).entries
    mine = [e for e in got if e.kind == "wellbeing.session"]
    assert [e.key for e in mine] == [f"wellbeing.session:{s.uuid}:{s.next_session_on:%Y%m%d}"]
    reminder = str(mine[0].reminder)
    assert "Field office" in reminder
    for word in ("counsel", "Lakshmi", "stress", "stigma", "SECRET"):
        assert word.lower() not in reminder.lower()
        assert word.lower() not in str(mine[0].title).lower()
    due = list(agenda.due_entries(s.next_session_on, s.next_session_on))
    assert [(k.name, e.user_ids) for k, e in due if k.name == "wellbeing.session"] == [
        ("wellbeing.session", (sw.pk,))
    ]
    # a facilitator sees no counselling appointment on her agenda
    fac = world.user("a", Role.FACILITATOR)
    assert not [
        e
        for e in agenda.entries_for(fac, today, today + timedelta(days=14)).entries
        if e.kind == "wellbeing.session"
    ]


def test_item_9_starts_the_safety_step_and_alerts_social_workers(world):
    other_sw = make_user("sw_two", world.orgs["a"], Role.SOCIAL_WORKER)
    far_sw = make_user("sw_b", world.orgs["b"], Role.SOCIAL_WORKER)
    s = factories.screening(world)
    assert (s.total, s.band, s.self_harm, s.risk) == (9, "mild", True, True)
    step = s.safety_step
    assert step.open
    hours = (step.follow_up_due - step.started_at).total_seconds() / 3600
    assert hours == 48
    alerted = set(SafetyAlert.objects.filter(step=step).values_list("user_id", flat=True))
    assert other_sw.pk in alerted and far_sw.pk not in alerted
    assert world.user("a", Role.SOCIAL_WORKER).pk not in alerted  # she recorded it herself


def test_severe_band_starts_the_safety_step_and_a_mild_one_does_not(world):
    assert factories.screening(world, answers=factories.PHQ9_SEVERE).risk
    calm = factories.screening(world, answers=[1, 1, 1, 1, 1, 0, 0, 0, 0])
    assert not calm.risk and not SafetyStep.objects.filter(screening=calm).exists()


def test_safety_plan_and_follow_up_within_48_hours(world):
    step = factories.screening(world).safety_step
    sw = world.user("a", Role.SOCIAL_WORKER)
    with pytest.raises(ValidationError) as e:
        services.safety_plan_save(
            step=step,
            data={"plan": "", "follow_up_due": step.started_at + timedelta(hours=49)},
            actor=sw,
        )
    assert set(e.value.error_dict) == {"plan", "follow_up_due"}
    services.safety_plan_save(
        step=step,
        data={"plan": factories.PLAN, "follow_up_due": step.started_at + timedelta(hours=24)},
        actor=sw,
    )
    step.refresh_from_db()
    assert step.plan_recorded_at and str(step.plan) == "••••"
    with pytest.raises(ValidationError) as e:
        services.safety_follow_up(step=step, data={}, actor=sw)
    assert "follow_up_note" in e.value.error_dict
    services.safety_follow_up(step=step, data={"follow_up_note": "Safe, met her"}, actor=sw)
    assert not SafetyStep.objects.get(pk=step.pk).open


def test_overdue_follow_up_is_at_the_top_of_her_agenda(world):
    factories.session(world)  # an ordinary appointment, dated earlier than the follow-up
    step = factories.screening(world).safety_step
    SafetyStep.objects.filter(pk=step.pk).update(
        follow_up_due=timezone.now() - timedelta(days=3),
        started_at=timezone.now() - timedelta(days=5),
    )
    sw = world.user("a", Role.SOCIAL_WORKER)
    c = Client()
    c.force_login(sw)
    body = c.get(reverse("agenda:agenda")).content.decode()
    first = body.index("Follow-up within 48 hours")
    assert first < body.index("Appointment (")
    from saathi.core.agenda.selectors import agenda_page

    rows = agenda_page(sw)["rows"]
    assert rows[0].entry.kind == "wellbeing.safety" and rows[0].overdue


def test_reveal_is_audited_with_its_reason(world):
    s = factories.session(world)
    sw = world.user("a", Role.SOCIAL_WORKER)
    c = Client()
    c.force_login(sw)
    url = reverse("wellbeing:session_detail", args=[s.uuid])
    assert factories.NOTE not in c.get(url).content.decode()
    r = c.post(url, {"reveal-reason": "counselling"})
    assert factories.NOTE in r.content.decode()
    ev = AuditEvent.objects.filter(action="view_confidential", object_id=str(s.pk)).last() or (
        AuditEvent.objects.filter(action="view_confidential").last()
    )
    assert ev.detail["reason"] == "counselling" and ev.member_id == s.member_id


def test_referral_moves_and_needs_sharing_consent(world):
    sw = world.user("a", Role.SOCIAL_WORKER)
    member = world.members["a1"]
    r = factories.referral(world, shares_data=True, partner_organisation="Sahayog Trust")
    services.referral_move(referral=r, to_status="consented", actor=sw)
    with pytest.raises(ValidationError) as e:
        services.referral_move(referral=r, to_status="sent", actor=sw)
    assert "to_status" in e.value.error_dict
    consent_record(
        member=member,
        purpose="partner_sharing",
        method="signature",
        language="bn",
        partner_organisation="Sahayog Trust",
        actor=sw,
    )
    services.referral_move(referral=r, to_status="sent", actor=sw)
    with pytest.raises(ValidationError):
        services.referral_move(referral=r, to_status="closed", actor=sw)  # not from sent
    for to in ("accepted", "attended", "closed"):
        services.referral_move(referral=r, to_status=to, actor=sw)
    assert r.status == "closed" and r.closed_at
    steps = list(r.steps.values_list("from_status", "to_status"))
    assert steps == [
        ("", "proposed"),
        ("proposed", "consented"),
        ("consented", "sent"),
        ("sent", "accepted"),
        ("accepted", "attended"),
        ("attended", "closed"),
    ]


def test_referral_without_sharing_needs_no_consent(world):
    sw = world.user("a", Role.SOCIAL_WORKER)
    r = factories.referral(world)
    for to in ("consented", "sent"):
        services.referral_move(referral=r, to_status=to, actor=sw)
    assert r.status == "sent"


def test_leader_records_facts_but_not_details(world):
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    member = world.members["a1"]
    data = {
        "kind": "eviction",
        "occurred_on": timezone.localdate(),
        "place": "home",
        "perpetrator": "house_owner",
        "details": "she was thrown out",
    }
    with pytest.raises(ValidationError) as e:
        services.incident_record(member=member, data=data, actor=leader)
    assert "details" in e.value.error_dict
    incident = services.incident_record(member=member, data={**data, "details": ""}, actor=leader)
    assert incident.collective_id == member.primary_collective_id
    # a leader of collective A1 does not reach a member of A2
    with pytest.raises(PermissionDenied):
        services.incident_record(member=world.members["a2"], data=data, actor=leader)


def test_incident_links_a_legal_matter_of_hers_only(world):
    from saathi.legal.tests.factories import full_matter

    matter = full_matter(world, "a")["matter"]
    sw = world.user("a", Role.SOCIAL_WORKER)
    incident = factories.incident(world, member=matter.member)
    services.incident_update(
        incident=incident,
        data={
            "kind": "physical_violence",
            "occurred_on": incident.occurred_on,
            "place": "street",
            "perpetrator": "police",
            "legal_matter": matter,
        },
        actor=sw,
    )
    incident.refresh_from_db()
    assert incident.legal_matter_id == matter.pk and incident.perpetrator == "police"
    other = factories.incident(world, member=world.members["a2"])
    with pytest.raises(ValidationError) as e:
        services.incident_update(
            incident=other,
            data={
                **{k: getattr(other, k) for k in ("kind", "occurred_on", "place", "perpetrator")},
                "legal_matter": matter,
            },
            actor=sw,
        )
    assert "legal_matter" in e.value.error_dict


def test_health_support_adherence_only_for_art(world):
    with pytest.raises(ValidationError) as e:
        factories.health(world, adherence="good")
    assert "adherence" in e.value.error_dict
    assert factories.health(world, kind="art_adherence", adherence="fair").adherence == "fair"


def test_group_session_has_its_own_attendance_list(world):
    from saathi.core.testing import register

    sw = world.user("a", Role.SOCIAL_WORKER)
    coll = world.collectives["a1"]
    second = register(world, "a", "a1", "Mitali Sardar", "মিতালী সরদার")
    today = timezone.localdate()
    data = {
        "mode": "in_person",
        "held_on": today,
        "duration_minutes": 90,
        "concerns": ["stress"],
        "notes": "SECRET-GROUP-NOTE",
        "series": "After the lockdown",
    }
    with pytest.raises(ValidationError) as e:
        services.group_session_record(
            collective=coll, attendees=[world.members["a2"]], data=data, actor=sw
        )
    assert "attendees" in e.value.error_dict  # not a member of this collective
    sessions = services.group_session_record(
        collective=coll, attendees=[world.members["a1"], second], data=data, actor=sw
    )
    assert {s.member_id for s in sessions} == {world.members["a1"].pk, second.pk}
    assert len({s.group_key for s in sessions}) == 1 and sessions[0].kind == "group"
    assert sessions[0].series == "After the lockdown"
    c = Client()
    c.force_login(sw)
    r = c.get(reverse("wellbeing:group_session_add", args=[coll.uuid]))
    assert "Mitali Sardar" in r.content.decode() and "Rekha" not in r.content.decode()
