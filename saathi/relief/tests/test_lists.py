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
