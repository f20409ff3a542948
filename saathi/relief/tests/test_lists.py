"""Beneficiary lists: the programme's criteria, one person per household, consent."""

import pytest
from django.core.exceptions import PermissionDenied

from saathi.core import consent
from saathi.core.policy import Role
from saathi.core.testing import register
from saathi.people.models import Member
from saathi.people.services import household_add_member, household_create
from saathi.relief import services

from .helpers import make_programme

pytestmark = pytest.mark.django_db
OFFICE = "BDO, Ranaghat-I"


def agree(world, member, office=OFFICE):
    consent.consent_record(
        member=member, purpose="partner_sharing", method="signature", language="bn",
        partner_organisation=office, actor=world.user("a", Role.SOCIAL_WORKER),
    )  # fmt: skip


def names(blist):
    return [e.member.display_name for e in blist.entries.select_related("member")]


def test_criteria_household_and_consent(world):
    admin = world.user("a", Role.ORG_ADMIN)
    a1, a2 = world.members["a1"], world.members["a2"]  # Nadia, Howrah; ration card missing
    daughter = register(world, "a", "a1", "Mina Das", "মিনা দাস")
    old = register(world, "a", "a1", "Sabita Das", "")
    Member.objects.filter(pk=old.pk).update(birth_year=1950)
    hh = household_create(member=a1, actor=admin)
    household_add_member(household=hh, member=daughter, actor=admin)
    for m in (a1, a2, daughter, old):
        agree(world, m)
    agree(world, world.members["b1"])  # another organisation: never on A's lists
    p = make_programme(world, criteria_district="nadia")
    assert names(services.list_build(programme=p, authority=OFFICE, actor=admin)) == [
        "Lakshmi Das",  # the head stands for her household; Mina is left out
        "Sabita Das",
    ]
    p = make_programme(world, criteria_district="Nadia", criteria_one_per_household=False)
    assert len(names(services.list_build(programme=p, authority=OFFICE, actor=admin))) == 3
    p = make_programme(world, criteria_min_age=60)
    assert names(services.list_build(programme=p, authority=OFFICE, actor=admin)) == ["Sabita Das"]
    p = make_programme(world, criteria_collective=world.collectives["a2"])
    assert names(services.list_build(programme=p, authority=OFFICE, actor=admin)) == [
        "Rekha Mondal"
    ]
    p = make_programme(world, criteria_missing_document="ration_card")
    blist = services.list_build(programme=p, authority="Another office", actor=admin)
    assert blist.matched == 0 and blist.left_out_no_consent == 4  # consent names one office
    with pytest.raises(PermissionDenied):  # a leader may not draw up lists
        services.list_build(
            programme=p, authority=OFFICE, actor=world.user("a", "collective_leader")
        )


def test_a_list_moves_along_its_map_with_a_timeline_and_audit(world, client):
    from django.core.exceptions import ValidationError
    from django.urls import reverse
    from django.utils import timezone

    from saathi.core.models import AuditEvent
    from saathi.relief.models import BeneficiaryList, ListStep

    admin = world.user("a", Role.ORG_ADMIN)
    agree(world, world.members["a1"])
    blist = services.list_build(programme=make_programme(world), authority=OFFICE, actor=admin)
    stale = BeneficiaryList.objects.get(pk=blist.pk)
    today = timezone.localdate()
    services.list_submit(
        blist=blist, submitted_on=today, submitted_to="BDO", note="by hand", actor=admin
    )
    # a second person who opened the list before the submission cannot submit it again
    with pytest.raises(ValidationError) as exc:
        services.list_submit(
            blist=stale, submitted_on=today, submitted_to="X", note="", actor=admin
        )
    assert "meanwhile" in str(exc.value)
    for response in ("returned", "partly"):
        services.list_record_response(
            blist=blist, response=response, response_on=today, accepted=None, note="", actor=admin
        )
    steps = list(ListStep.objects.filter(beneficiary_list=blist))
    assert [(s.from_status, s.to_status, s.response) for s in steps] == [
        ("", "draft", ""),
        ("draft", "submitted", ""),
        ("submitted", "answered", "returned"),
        ("answered", "answered", "partly"),
    ]
    assert steps[1].note == "by hand" and steps[1].on == today
    events = AuditEvent.objects.in_bulk([s.audit_seq for s in steps], field_name="seq")
    assert len(events) == 4 and {e.object_id for e in events.values()} == {str(blist.uuid)}
    blist.refresh_from_db()
    assert (blist.status, blist.response, blist.submitted_to) == ("answered", "partly", "BDO")
    # the timeline on the list's page
    client.force_login(world.user("a", Role.FACILITATOR))
    page = client.get(reverse("relief:list_detail", args=[blist.uuid])).content.decode()
    timeline = page[page.index('class="timeline"') :]
    assert timeline.count("<li>") >= 4 and "Returned for corrections" in timeline
    assert "Partly accepted" in timeline and "by hand" in timeline


def test_no_sequence_of_list_moves_leaves_the_map_or_skips_the_audit(world):
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from saathi.core.tests.cases import check_moves_follow_map
    from saathi.relief.models import LIST_TRANSITIONS, ListStep

    admin = world.user("a", Role.ORG_ADMIN)
    agree(world, world.members["a1"])
    programme = make_programme(world)
    today = timezone.localdate()

    def move(blist, to):
        if to == "submitted":
            services.list_submit(
                blist=blist, submitted_on=today, submitted_to="BDO", note="", actor=admin
            )
        elif to == "answered":
            services.list_record_response(
                blist=blist, response="accepted", response_on=today, accepted=1, note="",
                actor=admin,
            )  # fmt: skip
        else:  # no service takes a list back to a draft
            raise ValidationError("no such move")

    check_moves_follow_map(
        make_case=lambda: services.list_build(programme=programme, authority=OFFICE, actor=admin),
        move=move,
        transitions=LIST_TRANSITIONS,
        step_model=ListStep,
        max_examples=10,
    )
