"""The platform's own forms on ODK clients (ADR 0040): attendance of a session with its
members from a CSV only her scope downloads, a distribution with its acknowledgement
photo, a needs assessment tied to a member. Submissions go through the services of the
web pages; one that breaks a rule is kept for review and resolved by a person (applied
after fixing, or rejected with a reason), never lost, never applied twice."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from saathi.collectives import services as cs
from saathi.collectives.models import Attendance, GroupSession
from saathi.core import consent
from saathi.core.policy import Role
from saathi.core.testing import register
from saathi.core.tests.samples import png_bytes
from saathi.people.models import Membership
from saathi.relief.models import Distribution
from saathi.relief.surveys import platform, services
from saathi.relief.surveys.models import HeldSubmission, Response, Survey
from saathi.relief.tests.helpers import days_ago, make_programme

from .odk import auth, credential, submission_xml, xml_file


@pytest.fixture
def phone(world):
    fac = world.user("a", Role.FACILITATOR)
    cred, secret = credential(fac, world.collectives["a1"])
    world.members["a1b"] = register(world, "a", "a1", "Mitali Ghosh", "মিতালী ঘোষ")
    world.members["a1c"] = register(world, "a", "a1", "Sabina Khatun")
    forms = platform.ensure_platform_surveys(world.orgs["a"], fac)
    return world, cred, auth(cred, secret), forms


def version_of(forms, kind):
    return forms[kind].latest_version()


def post(headers, xml, **files):
    data = {"xml_submission_file": xml_file(xml), **files}
    return Client().post(reverse("surveys:openrosa_submission"), data, **headers)


def a_session(world, on=None):
    return cs.session_create(
        collective=world.collectives["a1"],
        data={
            "kind": "general",
            "on": on or days_ago(1),
            "place": "Community hall",
            "led_by": world.members["a1"],
            "facilitator": None,
            "guests": 0,
        },
        actor=world.user("a", Role.FACILITATOR),
    )


def read_csv(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode())))


@pytest.mark.django_db
def test_the_phone_lists_the_platform_forms_and_gets_its_own_members_only(phone):
    world, cred, headers, forms = phone
    c = Client()
    body = c.get(reverse("surveys:openrosa_form_list"), **headers).content.decode()
    for form_id in platform.FORM_IDS.values():
        assert f"<formID>{form_id}</formID>" in body
    assert body.count("<manifestUrl>") == 3
    att = forms["attendance"]
    manifest = c.get(reverse("surveys:openrosa_manifest", kwargs={"uuid": att.uuid}), **headers)
    text = manifest.content.decode()
    assert "<filename>members.csv</filename>" in text
    assert "<filename>sessions.csv</filename>" in text
    url = reverse("surveys:openrosa_file", kwargs={"uuid": att.uuid, "name": "members.csv"})
    r = c.get(url, **headers)
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    rows = read_csv(r.content)
    names = {row["label"] for row in rows}
    assert "Lakshmi Das · লক্ষ্মী দাস" in names and "Mitali Ghosh · মিতালী ঘোষ" in names
    assert not any("Rekha" in n or "Padma" in n for n in names)  # another collective, org
    assert world.members["a1"].uuid.hex in {row["name"] for row in rows}
    # the manifest's hash is the file's, so the phone fetches it again when it changes
    import hashlib

    assert f"md5:{hashlib.md5(r.content).hexdigest()}" in text  # noqa: S324
    # another organisation's phone gets no form, no manifest, no members
    other, secret = credential(world.user("b", Role.FACILITATOR), world.collectives["b1"])
    h2 = auth(other, secret)
    assert c.get(url, **h2).status_code == 404
    assert (
        c.get(reverse("surveys:openrosa_form", kwargs={"uuid": att.uuid}), **h2).status_code == 404
    )
    # a revoked phone gets nothing
    services.device_credential_revoke(credential=cred, actor=cred.user)
    assert c.get(url, **headers).status_code == 401


@pytest.mark.django_db
def test_a_phone_gets_only_the_platform_forms_its_user_may_record(world):
    vol = world.user("a", Role.VOLUNTEER)  # records sessions, distributions, responses
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    sw = world.user("a", Role.SOCIAL_WORKER)  # no RECORD_SESSIONS
    for user, expected in ((vol, 3), (leader, 3), (sw, 2)):
        cred, secret = credential(user, world.collectives["a1"])
        body = Client().get(reverse("surveys:openrosa_form_list"), **auth(cred, secret))
        text = body.content.decode()
        assert sum(f"<formID>{f}</formID>" in text for f in platform.FORM_IDS.values()) == expected
    assert "saathi_attendance" not in text  # the social worker's phone


@pytest.mark.django_db
def test_attendance_from_the_phone_goes_through_the_collectives_service_once(phone):
    world, cred, headers, forms = phone
    session = a_session(world)
    version = version_of(forms, "attendance")
    sessions = Client().get(
        reverse(
            "surveys:openrosa_file",
            kwargs={"uuid": forms["attendance"].uuid, "name": "sessions.csv"},
        ),
        **headers,
    )
    assert session.uuid.hex in sessions.content.decode()
    present = f"{world.members['a1'].uuid.hex} {world.members['a1b'].uuid.hex}"
    xml = submission_xml(
        version,
        {
            "start": timezone.now().isoformat(),
            "session": session.uuid.hex,
            "present": present,
            "guests": 2,
        },
    )
    r = post(headers, xml)
    assert r.status_code == 201, r.content
    session.refresh_from_db()
    assert session.present_count == 2 and session.guests == 2
    assert set(Attendance.objects.filter(session=session).values_list("member_id", flat=True)) == {
        world.members["a1"].pk,
        world.members["a1b"].pk,
    }
    (resp,) = Response.objects.filter(survey=forms["attendance"])
    assert resp.applied_to == f"collectives.groupsession:{session.uuid}"
    # sent again (no signal when Collect got the answer): nothing twice
    assert post(headers, xml).status_code == 202
    assert Response.objects.filter(survey=forms["attendance"]).count() == 1
    assert Attendance.objects.filter(session=session).count() == 2


@pytest.mark.django_db
def test_attendance_of_a_new_session_recorded_offline(phone):
    world, cred, headers, forms = phone
    xml = submission_xml(
        version_of(forms, "attendance"),
        {
            "session": "new",
            "kind": "peer_support",
            "on": days_ago(2).isoformat(),
            "place": "Under the banyan tree",
            "present": world.members["a1c"].uuid.hex,
        },
    )
    assert post(headers, xml).status_code == 201
    session = GroupSession.objects.get(collective=world.collectives["a1"])
    assert session.kind == "peer_support" and session.facilitator == cred.user
    assert session.present_count == 1


@pytest.mark.django_db
def test_attendance_saved_meanwhile_is_kept_for_review_then_applied(phone):
    world, cred, headers, forms = phone
    session = a_session(world)
    started = timezone.now() - timedelta(hours=3)
    fac = world.user("a", Role.FACILITATOR)
    # on the web, someone saved the list after the phone's form was started
    cs.attendance_record(
        session=session, shown_ids=[world.members["a1"].pk], present_ids=[], actor=fac
    )
    xml = submission_xml(
        version_of(forms, "attendance"),
        {
            "start": started.isoformat(),
            "session": session.uuid.hex,
            "present": world.members["a1"].uuid.hex,
        },
    )
    r = post(headers, xml)
    assert r.status_code == 202 and "review" in r.content.decode()
    held = HeldSubmission.objects.get(survey=forms["attendance"])
    assert held.rule == platform.Rule.SESSION_CLOSED
    assert not Attendance.objects.filter(session=session).exists()  # not applied
    admin = world.user("a", Role.ORG_ADMIN)
    c = Client()
    c.force_login(admin)
    page = c.get(reverse("surveys:review_queue"))
    assert held.survey.title in page.content.decode()
    detail = c.get(reverse("surveys:held_detail", kwargs={"uuid": held.uuid})).content.decode()
    assert "Lakshmi Das" in detail  # the present member by name, for the reviewer
    # without the confirmation, it stays kept
    r = c.post(reverse("surveys:held_detail", kwargs={"uuid": held.uuid}), {})
    assert r.status_code == 200
    r = c.post(
        reverse("surveys:held_detail", kwargs={"uuid": held.uuid}), {"confirm_overwrite": "on"}
    )
    assert r.status_code == 302
    held.refresh_from_db()
    assert held.status == "applied" and held.resolved_by == admin
    assert Attendance.objects.filter(session=session, member=world.members["a1"]).exists()
    # the phone sends it again: already there
    assert post(headers, xml).status_code == 202


@pytest.mark.django_db
def test_a_member_who_left_is_held_then_applied_without_her(phone):
    world, cred, headers, forms = phone
    session = a_session(world)
    gone = world.members["a1c"]
    Membership.objects.filter(member=gone).update(left_on=days_ago(0))
    xml = submission_xml(
        version_of(forms, "attendance"),
        {"session": session.uuid.hex, "present": f"{gone.uuid.hex} {world.members['a1'].uuid.hex}"},
    )
    assert post(headers, xml).status_code == 202
    held = HeldSubmission.objects.get()
    assert held.rule == platform.Rule.MEMBER_LEFT
    services.held_apply(
        held=held, actor=world.user("a", Role.FACILITATOR), fix=platform.Fix(leave_out_left=True)
    )
    assert list(Attendance.objects.filter(session=session).values_list("member_id", flat=True)) == [
        world.members["a1"].pk
    ]


def distribution_values(world, programme, member, **kw):
    item = programme.items.get(name="Ration kit")
    return {
        "item": item.uuid.hex,
        "member": member.uuid.hex,
        "distributed_on": days_ago(1).isoformat(),
        "mode": "in_kind",
        "quantity": "1",
        "ack_method": "thumbprint",
        "ack_photo": "ack.png",
        "handed_over_by": "Mitali Ghosh",
        **kw,
    }


@pytest.mark.django_db
def test_distribution_with_its_photo_and_the_double_distribution_rule(phone):
    world, cred, headers, forms = phone
    programme = make_programme(world)
    version = version_of(forms, "distribution")
    items = Client().get(
        reverse(
            "surveys:openrosa_file",
            kwargs={"uuid": forms["distribution"].uuid, "name": "items.csv"},
        ),
        **headers,
    )
    assert "Lockdown relief · Ration kit" in items.content.decode()
    lakshmi = world.members["a1"]
    xml = submission_xml(version, distribution_values(world, programme, lakshmi))
    r = post(headers, xml, ack=SimpleUploadedFile("ack.png", png_bytes()))
    assert r.status_code == 201, r.content
    (dist,) = Distribution.objects.filter(member=lakshmi)
    assert dist.ack_method == "thumbprint" and dist.ack_content_type.startswith("image/")
    assert dist.recorded_by == cred.user
    resp = Response.objects.get(survey=forms["distribution"])
    assert resp.applied_to == f"relief.distribution:{dist.uuid}" and resp.member == lakshmi
    assert not resp.attachments.exists()  # the photo is the distribution's, stored once
    # the same household again within the round, from another phone's form: kept
    xml2 = submission_xml(version, distribution_values(world, programme, lakshmi))
    r = post(headers, xml2, ack=SimpleUploadedFile("ack.png", png_bytes()))
    assert r.status_code == 202
    held = HeldSubmission.objects.get(survey=forms["distribution"])
    assert held.rule == platform.Rule.ALREADY_DISTRIBUTED
    assert Distribution.objects.filter(member=lakshmi).count() == 1
    admin = world.user("a", Role.ORG_ADMIN)
    c = Client()
    c.force_login(admin)
    detail = c.get(reverse("surveys:held_detail", kwargs={"uuid": held.uuid})).content.decode()
    assert "already received this item" in detail
    # applied only with a reason, through the same rule
    r = c.post(reverse("surveys:held_detail", kwargs={"uuid": held.uuid}), {"repeat_reason": ""})
    assert r.status_code == 200 and Distribution.objects.filter(member=lakshmi).count() == 1
    r = c.post(
        reverse("surveys:held_detail", kwargs={"uuid": held.uuid}),
        {"repeat_reason": "The first kit was lost in the flood."},
    )
    assert r.status_code == 302
    assert Distribution.objects.filter(member=lakshmi).count() == 2
    assert Distribution.objects.filter(repeat_reason__startswith="The first kit").exists()


@pytest.mark.django_db
def test_no_consent_and_outside_scope_are_kept_then_rejected_with_a_reason(phone):
    world, cred, headers, forms = phone
    programme = make_programme(world)
    version = version_of(forms, "distribution")
    mitali = world.members["a1b"]
    for c in consent.active_consents(mitali):
        consent.consent_withdraw(
            consent=c, reason="She asked", actor=world.user("a", Role.SOCIAL_WORKER)
        )
    r = post(
        headers,
        submission_xml(
            version, distribution_values(world, programme, mitali, ack_method="paper", ack_photo="")
        ),
    )
    assert r.status_code == 202
    padma = world.members["b1"]  # another organisation's member
    r = post(
        headers,
        submission_xml(
            version, distribution_values(world, programme, padma, ack_method="paper", ack_photo="")
        ),
    )
    assert r.status_code == 202
    rules = set(HeldSubmission.objects.values_list("rule", flat=True))
    assert rules == {platform.Rule.NO_CONSENT, platform.Rule.MEMBER_OUTSIDE_SCOPE}
    assert not Distribution.objects.exists()
    held = HeldSubmission.objects.get(rule=platform.Rule.NO_CONSENT)
    c = Client()
    c.force_login(world.user("a", Role.ORG_ADMIN))
    url = reverse("surveys:held_reject", kwargs={"uuid": held.uuid})
    assert c.post(url, {"reason": ""}).status_code == 200  # a reason is needed
    assert c.post(url, {"reason": "She withdrew her consent."}).status_code == 302
    held.refresh_from_db()
    assert held.status == "rejected" and held.resolution_note == "She withdrew her consent."
    # another organisation's reviewer does not see it
    other = Client()
    other.force_login(world.user("b", Role.ORG_ADMIN))
    assert other.get(reverse("surveys:held_detail", kwargs={"uuid": held.uuid})).status_code == 404


@pytest.mark.django_db
def test_the_photo_in_a_later_post_completes_the_submission(phone):
    world, cred, headers, forms = phone
    programme = make_programme(world)
    xml = submission_xml(
        version_of(forms, "distribution"),
        distribution_values(world, programme, world.members["a1"]),
    )
    assert post(headers, xml).status_code == 202  # Collect split it: the photo comes next
    held = HeldSubmission.objects.get()
    assert held.rule == platform.Rule.PHOTO_MISSING
    r = post(headers, xml, ack=SimpleUploadedFile("ack.png", png_bytes()))
    assert r.status_code == 201
    held.refresh_from_db()
    assert held.status == "applied"
    assert Distribution.objects.filter(member=world.members["a1"]).count() == 1


@pytest.mark.django_db
def test_needs_assessment_is_tied_to_her(phone):
    world, cred, headers, forms = phone
    xml = submission_xml(
        version_of(forms, "needs"),
        {
            "member": world.members["a1"].uuid.hex,
            "hh_size": "5",
            "food_short": "yes",
            "ration_card": "no",
            "income_lost": "yes",
            "needs": "food rent",
        },
    )
    assert post(headers, xml).status_code == 201
    resp = Response.objects.get(survey=forms["needs"])
    assert resp.member == world.members["a1"] and resp.answers["hh_size"] == 5
    assert resp.answers["needs"] == ["food", "rent"]
    # a member of another collective the phone's user cannot see: kept
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    lc, ls = credential(leader, world.collectives["a1"])
    xml = submission_xml(
        version_of(forms, "needs"),
        {
            "member": world.members["a2"].uuid.hex,
            "hh_size": "3",
            "food_short": "no",
            "ration_card": "yes",
            "income_lost": "no",
        },
    )
    assert post(auth(lc, ls), xml).status_code == 202
    assert HeldSubmission.objects.get().rule == platform.Rule.MEMBER_OUTSIDE_SCOPE


@pytest.mark.django_db
def test_platform_forms_compile_in_every_language_and_update_once(world):
    fac = world.user("a", Role.FACILITATOR)
    forms = platform.ensure_platform_surveys(world.orgs["a"], fac)
    again = platform.ensure_platform_surveys(world.orgs["a"], fac)
    assert {k: s.pk for k, s in forms.items()} == {k: s.pk for k, s in again.items()}
    for kind, survey in forms.items():
        assert survey.platform == kind and survey.versions.count() == 1
        v = survey.latest_version()
        assert set(v.languages) == {"en", "hi", "bn", "te"}
        assert 'version="' + platform.PLATFORM_VERSION + '"' in v.xform
    assert "members.csv" in forms["attendance"].latest_version().media
    assert Survey.objects.filter(organisation=world.orgs["b"]).count() == 0


@pytest.mark.django_db
def test_another_organisations_phone_cannot_apply_to_this_one(phone):
    """Its phone has its own platform forms with the same ids: a submission naming this
    organisation's session and members is kept in its own queue, applied to nothing."""
    world, cred, headers, forms = phone
    session = a_session(world)
    other, secret = credential(world.user("b", Role.FACILITATOR), world.collectives["b1"])
    theirs = platform.ensure_platform_surveys(world.orgs["b"], other.user)
    xml = submission_xml(
        version_of(theirs, "attendance"),
        {"session": session.uuid.hex, "present": world.members["a1"].uuid.hex},
    )
    assert post(auth(other, secret), xml).status_code == 202
    held = HeldSubmission.objects.get()
    assert held.organisation == world.orgs["b"]
    assert held.rule == platform.Rule.MEMBER_OUTSIDE_SCOPE
    assert not Attendance.objects.filter(session=session).exists()
    # org A's form itself is not theirs to send to: their form id resolves to their own
    xml_a = submission_xml(version_of(forms, "needs"), {"member": world.members["a1"].uuid.hex})
    post(auth(other, secret), xml_a)
    assert not Response.objects.filter(survey=forms["needs"]).exists()


@pytest.mark.django_db
def test_review_pages_cost_a_bounded_number_of_queries(phone):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .test_query_counts import BUDGET, count

    world, cred, headers, forms = phone
    programme = make_programme(world)
    version = version_of(forms, "distribution")
    values = distribution_values(world, programme, world.members["a1"], ack_method="paper")
    post(headers, submission_xml(version, values))
    c = Client()
    c.force_login(world.user("a", Role.ORG_ADMIN))
    queue = reverse("surveys:review_queue")
    for i in range(2):
        post(headers, submission_xml(version, values))  # each kept: already given
    small = count(c, queue)
    for i in range(6):
        post(headers, submission_xml(version, values))
    assert count(c, queue) == small <= BUDGET
    held = HeldSubmission.objects.first()
    with CaptureQueriesContext(connection) as ctx:
        n = count(c, reverse("surveys:held_detail", kwargs={"uuid": held.uuid}))
    assert n <= BUDGET, "\n".join(q["sql"][:200] for q in ctx.captured_queries)
