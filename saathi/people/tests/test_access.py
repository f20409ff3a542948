"""Who reaches which record: ``visible_to`` and ``access_*`` for every role."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from saathi.accounts.models import RoleGrant
from saathi.core import policy
from saathi.core.confidential import can_reveal, mask, reveal
from saathi.core.models import AuditEvent
from saathi.core.policy import CAPABILITIES, Cap, Role
from saathi.people import access, services
from saathi.people.models import Collective, Household, IdentityDocument, Member, Organisation

pytestmark = pytest.mark.django_db

STAFF = [Role.ORG_ADMIN, Role.FACILITATOR, Role.SOCIAL_WORKER, Role.LEGAL_ADVOCATE]


def names(qs) -> set[str]:
    return set(qs.values_list("display_name", flat=True))


def test_capability_table_is_complete():
    assert set(CAPABILITIES) == set(Role.values)
    for role, caps in CAPABILITIES.items():
        assert caps <= policy.ALL_CAPS, role
    # confidential data only for social workers and legal advocates
    assert {r for r, c in CAPABILITIES.items() if Cap.VIEW_CONFIDENTIAL in c} == {
        Role.SOCIAL_WORKER,
        Role.LEGAL_ADVOCATE,
    }
    assert CAPABILITIES[Role.VIEWER] == {Cap.VIEW_AGGREGATES}


@pytest.mark.parametrize("role", STAFF + [Role.VOLUNTEER])
def test_org_roles_see_their_whole_org_only(world, role):
    assert names(Member.objects.visible_to(world.user("a", role))) == {
        "Lakshmi Das",
        "Rekha Mondal",
    }
    assert names(Member.objects.visible_to(world.user("b", role))) == {"Gollapudi Padma"}


def test_collective_leader_sees_her_collective_only(world):
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    assert names(Member.objects.visible_to(leader)) == {"Lakshmi Das"}
    assert set(Collective.objects.visible_to(leader)) == {world.collectives["a1"]}
    assert not IdentityDocument.objects.visible_to(leader).exists()  # no view_documents


def test_viewer_sees_no_records(world):
    viewer = world.user("a", Role.VIEWER)
    assert not Member.objects.visible_to(viewer).exists()
    assert not IdentityDocument.objects.visible_to(viewer).exists()
    assert Member.objects.visible_to(viewer, Cap.VIEW_AGGREGATES).count() == 2


def test_anonymous_and_inactive_users_see_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not Member.objects.visible_to(AnonymousUser()).exists()
    fac = world.user("a", Role.FACILITATOR)
    fac.is_active = False
    assert not Member.objects.visible_to(fac).exists()


def test_revoked_grant_takes_effect(world):
    fac = world.user("a", Role.FACILITATOR)
    assert Member.objects.visible_to(fac).exists()
    from django.utils import timezone

    RoleGrant.objects.filter(user=fac).update(revoked_at=timezone.now())
    policy.clear_cache(fac)
    assert not Member.objects.visible_to(fac).exists()
    assert not policy.has_cap(fac, Cap.VIEW_MEMBERS)


def test_documents_follow_the_member_scope(world):
    docs_a = IdentityDocument.objects.visible_to(world.user("a", Role.FACILITATOR))
    assert {d.member_id for d in docs_a} == {world.members["a1"].pk, world.members["a2"].pk}
    assert not IdentityDocument.objects.visible_to(world.user("a", Role.VOLUNTEER)).exists()


def test_organisations_visible(world):
    assert set(Organisation.objects.visible_to(world.user("a", Role.VIEWER))) == {world.orgs["a"]}


def test_households_visible_only_in_scope(world):
    hh = services.household_create(
        member=world.members["a1"], actor=world.user("a", Role.FACILITATOR)
    )
    assert hh in Household.objects.visible_to(world.user("a", Role.COLLECTIVE_LEADER))
    assert hh not in Household.objects.visible_to(world.user("b", Role.ORG_ADMIN))
    with pytest.raises(Http404):
        access.access_household(world.user("b", Role.ORG_ADMIN), hh.uuid)


@pytest.mark.parametrize("role", list(Role.values))
def test_access_member_from_other_org_is_404_and_audited(world, role):
    user = world.user("b", role)
    target = world.members["a1"]
    with pytest.raises(Http404):
        access.access_member(user, target.uuid)
    event = AuditEvent.objects.filter(action="denied", actor_id=user.pk).get()
    assert event.object_id == str(target.uuid)


def test_missing_and_not_yours_answer_the_same(world):
    user = world.user("b", Role.FACILITATOR)
    with pytest.raises(Http404):
        access.access_member(user, uuid.uuid4())
    with pytest.raises(Http404):
        access.access_member(user, world.members["a1"].uuid)
    assert AuditEvent.objects.filter(action="denied", actor_id=user.pk).count() == 2


def test_access_member_write_needs_edit_members(world):
    member = world.members["a1"]
    assert access.access_member(world.user("a", Role.LEGAL_ADVOCATE), member.uuid) == member
    with pytest.raises(PermissionDenied):
        access.access_member(world.user("a", Role.LEGAL_ADVOCATE), member.uuid, Cap.EDIT_MEMBERS)
    volunteer = world.user("a", Role.VOLUNTEER)
    assert access.access_member(volunteer, member.uuid, Cap.EDIT_MEMBERS) == member


def test_access_document(world):
    doc = world.members["a1"].documents.first()
    assert access.access_document(world.user("a", Role.FACILITATOR), doc.uuid) == doc
    for user in (world.user("a", Role.VOLUNTEER), world.user("b", Role.FACILITATOR)):
        with pytest.raises(Http404):
            access.access_document(user, doc.uuid)


def test_registration_choices_are_scoped(world):
    leader = access.registration_choices(world.user("a", Role.COLLECTIVE_LEADER))
    assert set(leader["organisations"]) == {world.orgs["a"]}  # through her collective
    assert set(leader["collectives"]) == {world.collectives["a1"]}
    assert leader["collective_required"] is True
    fac = access.registration_choices(world.user("a", Role.FACILITATOR))
    assert set(fac["organisations"]) == {world.orgs["a"]}
    assert set(fac["collectives"]) == {world.collectives["a1"], world.collectives["a2"]}
    assert fac["collective_required"] is False
    assert not access.registration_choices(world.user("a", Role.VIEWER))["organisations"].exists()


# ------------------------------------------------------------------ reveal
def test_reveal_confidential_only_with_the_capability(world):
    member = world.members["a1"]
    sw = world.user("a", Role.SOCIAL_WORKER)
    assert reveal(sw, member, ["occupation"]) == {"occupation": "SECRET-OCCUPATION"}
    for role in (Role.ORG_ADMIN, Role.FACILITATOR, Role.COLLECTIVE_LEADER, Role.VOLUNTEER):
        user = world.user("a", role)
        assert not can_reveal(user, member, confidential=True)
        with pytest.raises(PermissionDenied):
            reveal(user, member, ["hiv_status"])
        assert AuditEvent.objects.filter(
            action="denied", actor_id=user.pk, fields="hiv_status"
        ).exists()
    with pytest.raises(PermissionDenied):
        reveal(world.user("b", Role.SOCIAL_WORKER), member, ["occupation"])


def test_reveal_personal_for_staff_not_leaders(world):
    member = world.members["a1"]
    assert reveal(world.user("a", Role.FACILITATOR), member, ["birth_date"]) == {
        "birth_date": "1990-05-17"
    }
    with pytest.raises(PermissionDenied):
        reveal(world.user("a", Role.COLLECTIVE_LEADER), member, ["birth_date"])


def test_reveal_of_empty_confidential_fields_is_audited_with_its_reason(world):
    # issue 11.10: a reveal where every field is empty wrote no audit row
    from saathi.core.confidential import Reason

    member = world.members["a1"]
    sw = world.user("a", Role.SOCIAL_WORKER)
    got = reveal(sw, member, ["trafficking_history"], reason=Reason("other", "court date"))
    assert got == {"trafficking_history": ""}
    event = AuditEvent.objects.get(action="view_confidential", actor_id=sw.pk)
    assert event.fields == "trafficking_history"
    assert event.detail == {"reason": "other", "reason_text": "court date"}


def test_reveal_of_empty_personal_fields_is_not_audited_as_a_view(world):
    member = world.members["a2"]
    fac = world.user("a", Role.FACILITATOR)
    member.birth_date = ""
    member.save()
    member.refresh_from_db()
    assert reveal(fac, member, ["birth_date"]) == {"birth_date": ""}
    assert not AuditEvent.objects.filter(action="view_personal", actor_id=fac.pk).exists()


def test_mask():
    assert mask("9876543210") == "••••••••10"
    assert mask("") == ""
    assert mask("12", keep=2) == "••12"


def test_leader_page_masks_phone_and_birth_date(client, world):
    from django.urls import reverse

    member = world.members["a1"]
    client.force_login(world.user("a", Role.COLLECTIVE_LEADER))
    body = client.get(reverse("people:member_detail", args=[member.uuid])).content.decode()
    assert "9876543210" not in body
    assert "17/05/1990" not in body and "1990-05-17" not in body
    assert "Lakshmi Das" in body
    client.force_login(world.user("a", Role.FACILITATOR))
    body = client.get(reverse("people:member_detail", args=[member.uuid])).content.decode()
    assert "9876543210" in body
