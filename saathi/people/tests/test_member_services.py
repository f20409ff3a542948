"""Registry services: registration, edits, names, phones, memberships, households, archive."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from saathi.core import crypto
from saathi.core.models import AuditEvent, Consent
from saathi.core.names import phonetic_key
from saathi.core.policy import Role
from saathi.people import services
from saathi.people.models import (
    Dependant,
    Household,
    IdentityDocument,
    Member,
    MemberName,
    MemberPhone,
    Membership,
)

pytestmark = pytest.mark.django_db


def data_for(world, org="a", coll="a1", **kw) -> services.MemberInput:
    values = dict(
        organisation_id=world.orgs[org].pk,
        primary_name="Sabina Khatun",
        native_name="সাবিনা খাতুন",
        sex="female",
        birth_year=1995,
        state=world.collectives[coll].state,
        district="Nadia",
        preferred_language="bn",
        collective_id=world.collectives[coll].pk,
    )
    values.update(kw)
    return services.MemberInput(**values)


def register(world, actor, data=None, **kw):
    kw.setdefault("consent_method", "signature")
    kw.setdefault("consent_language", "bn")
    return services.member_register(data=data or data_for(world), actor=actor, **kw)


# ------------------------------------------------------------------ registration
def test_register_creates_member_names_membership_consent_and_reference(world):
    fac = world.user("a", Role.FACILITATOR)
    member = register(
        world,
        fac,
        data_for(world, phone="+91 98300 12345", birth_date=date(1995, 2, 3), village=" Kalyani "),
    )
    assert re.fullmatch(r"MEM-\d{4}-\d{6}", member.reference)
    assert member.created_by == fac
    assert member.village == "Kalyani"
    assert member.birth_year == 1995 and not member.birth_year_estimated
    assert member.birth_date.unseal_for_system() == "1995-02-03"
    names = {(n.kind, n.script) for n in member.names.all()}
    assert names == {("document", "latin"), ("native", "bengali")}
    assert Membership.objects.filter(member=member, collective=world.collectives["a1"]).exists()
    assert Consent.objects.filter(member=member, purpose="registration").count() == 1
    phone = MemberPhone.objects.get(member=member)
    assert phone.number.unseal_for_system() == "9830012345"
    assert phone.number_hash == services.phone_hash("9830012345")
    assert " katun " in Member.objects.get(pk=member.pk).search_text
    assert AuditEvent.objects.filter(action="create", member_id=member.pk).exists()


def test_references_are_unique_and_increasing(world):
    fac = world.user("a", Role.FACILITATOR)
    refs = [register(world, fac).reference for _ in range(3)]
    numbers = [int(r.rsplit("-", 1)[1]) for r in refs]
    assert numbers == sorted(numbers) and len(set(numbers)) == 3


@pytest.mark.parametrize("method", ["", "nod"])
def test_register_requires_a_consent_method(world, method):
    before = Member.objects.count()
    with pytest.raises(ValidationError) as exc:
        register(world, world.user("a", Role.FACILITATOR), consent_method=method)
    assert "consent_method" in exc.value.message_dict
    assert Member.objects.count() == before


@pytest.mark.parametrize("method", ["thumbprint", "read_aloud"])
def test_thumbprint_or_read_aloud_without_witness_is_refused(world, method):
    fac = world.user("a", Role.FACILITATOR)
    before = Member.objects.count()
    with pytest.raises(ValidationError) as exc:
        register(world, fac, consent_method=method)
    assert any("witness" in k for k in exc.value.message_dict)
    assert Member.objects.count() == before
    member = register(world, fac, consent_method=method, witness_name="Anjali Roy")
    assert member.consents.get().witness_name == "Anjali Roy"


@pytest.mark.parametrize("phone", ["12345", "5876543210", "98765432101234"])
def test_bad_phone_is_a_field_error_and_nothing_is_saved(world, phone):
    before = (Member.objects.count(), MemberName.objects.count(), Consent.objects.count())
    with pytest.raises(ValidationError) as exc:
        register(world, world.user("a", Role.FACILITATOR), data_for(world, phone=phone))
    assert "phone" in exc.value.message_dict
    assert before == (Member.objects.count(), MemberName.objects.count(), Consent.objects.count())


@pytest.mark.parametrize(
    "raw,digits",
    [
        ("98765 43210", "9876543210"),
        ("+91-98765-43210", "9876543210"),
        ("09876543210", "9876543210"),
        ("৯৮৭৬৫৪৩২১০", "9876543210"),
        ("౯౮౭౬౫౪౩౨౧౦", "9876543210"),
    ],
)
def test_phone_normalisation(raw, digits):
    assert services.validate_phone(raw) == digits


def test_roles_without_edit_confidential_cannot_set_confidential_fields(world):
    for role in (Role.FACILITATOR, Role.ORG_ADMIN, Role.VOLUNTEER, Role.COLLECTIVE_LEADER):
        before = Member.objects.count()
        with pytest.raises(PermissionDenied):
            register(
                world, world.user("a", role), data_for(world, confidential={"occupation": "x"})
            )
        assert Member.objects.count() == before
    member = world.members["a1"]
    with pytest.raises(PermissionDenied):
        services.member_update(
            member=member,
            changes={"hiv_status": "changed"},
            actor=world.user("a", Role.FACILITATOR),
        )
    member.refresh_from_db()
    assert member.hiv_status.unseal_for_system() == "SECRET-HIV"
    assert AuditEvent.objects.filter(
        action="denied", detail__capability="edit_confidential"
    ).exists()
    # empty confidential values are not an attempt to set them
    register(
        world, world.user("a", Role.FACILITATOR), data_for(world, confidential={"occupation": ""})
    )


def test_social_worker_sets_confidential_fields_encrypted(world):
    sw = world.user("a", Role.SOCIAL_WORKER)
    member = world.members["a1"]
    services.member_update(member=member, changes={"trafficking_history": "rescued 2019"}, actor=sw)
    fresh = Member.objects.get(pk=member.pk)
    assert fresh.trafficking_history.unseal_for_system() == "rescued 2019"
    assert fresh.history.count() >= 2


def test_other_organisation_and_other_collective_cannot_register_or_edit(world):
    with pytest.raises(PermissionDenied):
        register(world, world.user("b", Role.FACILITATOR))
    leader = world.user("a", Role.COLLECTIVE_LEADER)  # leader of a1 only
    with pytest.raises(PermissionDenied):
        register(world, leader, data_for(world, coll="a2"))
    assert register(world, leader).primary_collective_id == world.collectives["a1"].pk
    with pytest.raises(PermissionDenied):
        services.member_update(member=world.members["a2"], changes={"village": "x"}, actor=leader)
    with pytest.raises(PermissionDenied):
        register(world, world.user("a", Role.VIEWER))


# ------------------------------------------------------------------ updates
def test_update_changes_names_and_search(world):
    fac = world.user("a", Role.FACILITATOR)
    member = world.members["a2"]
    services.member_update(
        member=member,
        changes={"display_name": "Rekha Biswas", "native_name": "রেখা বিশ্বাস", "village": "X"},
        actor=fac,
    )
    member.refresh_from_db()
    assert " bisbas " in member.search_text
    primary = member.names.get(kind="document")
    assert primary.text == "Rekha Biswas"
    assert primary.key == phonetic_key("Rekha Biswas") == phonetic_key("রেখা বিশ্বাস")
    assert member.names.get(kind="native").text == "রেখা বিশ্বাস"
    event = AuditEvent.objects.filter(action="change", member_id=member.pk).last()
    assert event.fields == "display_name,native_name,village"


def test_update_with_no_change_writes_nothing(world):
    member = world.members["a2"]
    n = AuditEvent.objects.count()
    services.member_update(
        member=member, changes={"village": member.village}, actor=world.user("a", Role.FACILITATOR)
    )
    assert AuditEvent.objects.count() == n


def test_birth_date_update_sets_year(world):
    member = world.members["a2"]
    services.member_update(
        member=member,
        changes={"birth_date": date(1988, 1, 9)},
        actor=world.user("a", Role.FACILITATOR),
    )
    fresh = Member.objects.get(pk=member.pk)
    assert fresh.birth_year == 1988
    assert fresh.birth_date.unseal_for_system() == "1988-01-09"


# ------------------------------------------------------------------ names, phones
def test_add_name_updates_search(world):
    member = world.members["a2"]
    services.member_add_name(
        member=member, text="Rekha Bibi", kind="married", actor=world.user("a", Role.VOLUNTEER)
    )
    member.refresh_from_db()
    assert " bibi " in member.search_text
    with pytest.raises(ValidationError) as exc:
        services.member_add_name(
            member=member, text="  ", kind="alias", actor=world.user("a", Role.VOLUNTEER)
        )
    assert "text" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.member_add_name(
            member=member, text="Rekha", kind="nickname?", actor=world.user("a", Role.VOLUNTEER)
        )
    assert "kind" in exc.value.message_dict


def test_add_phone(world):
    member = world.members["a2"]
    fac = world.user("a", Role.FACILITATOR)
    phone = services.member_add_phone(member=member, raw="7001234567", shared=True, actor=fac)
    assert phone.shared and phone.last_digits == "67"
    assert phone.number_hash == crypto.blind_index("7001234567", "phone")
    with pytest.raises(ValidationError) as exc:
        services.member_add_phone(member=member, raw="123", shared=False, actor=fac)
    assert "phone" in exc.value.message_dict
    assert member.phones.count() == 1


# ------------------------------------------------------------------ memberships
def test_join_and_leave_collective(world):
    member = world.members["a2"]
    fac = world.user("a", Role.FACILITATOR)
    m = services.member_join_collective(
        member=member, collective=world.collectives["a1"], role="leader", actor=fac
    )
    assert set(Member.objects.get(pk=member.pk).collective_ids()) == {
        world.collectives["a1"].pk,
        world.collectives["a2"].pk,
    }
    with pytest.raises(ValidationError) as exc:
        services.member_join_collective(
            member=member, collective=world.collectives["a1"], role="member", actor=fac
        )
    assert "collective" in exc.value.message_dict
    with pytest.raises((ValidationError, PermissionDenied)):
        services.member_join_collective(
            member=member, collective=world.collectives["b1"], role="member", actor=fac
        )
    services.member_leave_collective(membership=m, actor=fac)
    m.refresh_from_db()
    assert m.left_on is not None
    assert Membership.objects.filter(pk=m.pk).exists()  # history kept
    assert Member.objects.get(pk=member.pk).collective_ids() == [world.collectives["a2"].pk]


def test_leader_loses_sight_of_a_member_who_left_her_collective(world):
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    member = world.members["a1"]
    assert Member.objects.visible_to(leader).filter(pk=member.pk).exists()
    membership = member.memberships.get()
    services.member_leave_collective(membership=membership, actor=world.user("a", Role.ORG_ADMIN))
    assert not Member.objects.visible_to(leader).filter(pk=member.pk).exists()


# ------------------------------------------------------------------ households
def test_household_and_dependants(world):
    member = world.members["a1"]
    fac = world.user("a", Role.FACILITATOR)
    household = services.household_create(member=member, actor=fac)
    assert household.head == member
    assert household.reference.startswith("HH-")
    assert Member.objects.get(pk=member.pk).household == household
    with pytest.raises(ValidationError):
        services.household_create(member=member, actor=fac)
    dep = services.dependant_add(
        household=household,
        name=" Rahul ",
        relationship="son",
        birth_year=2015,
        sex="male",
        actor=fac,
    )
    assert dep.name == "Rahul" and dep.household == household
    with pytest.raises(ValidationError) as exc:
        services.dependant_add(
            household=household, name="", relationship="son", birth_year=1800, sex="", actor=fac
        )
    assert {"name", "age"} <= set(exc.value.message_dict)
    assert Dependant.objects.filter(household=household).count() == 1
    with pytest.raises(PermissionDenied):
        services.dependant_add(
            household=household,
            name="X",
            relationship="son",
            birth_year=2015,
            sex="",
            actor=world.user("b", Role.FACILITATOR),
        )
    assert Household.objects.visible_to(world.user("b", Role.ORG_ADMIN)).count() == 0


# ------------------------------------------------------------------ archive
def test_archive_requires_reason_keeps_everything_and_restores(world):
    member = world.members["a1"]
    fac = world.user("a", Role.FACILITATOR)
    counts = lambda: (  # noqa: E731
        MemberName.objects.filter(member=member).count(),
        MemberPhone.objects.filter(member=member).count(),
        IdentityDocument.objects.filter(member=member).count(),
        Consent.objects.filter(member=member).count(),
        Membership.objects.filter(member=member).count(),
    )
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.member_archive(member=member, reason="   ", actor=fac)
    assert "reason" in exc.value.message_dict
    services.member_archive(member=member, reason=" duplicate record ", actor=fac)
    fresh = Member.objects.get(pk=member.pk)
    assert fresh.archived_at is not None and fresh.archived_reason == "duplicate record"
    assert counts() == before
    assert not Member.objects.active().filter(pk=member.pk).exists()
    with pytest.raises(ValidationError):
        services.member_archive(member=fresh, reason="again", actor=fac)
    services.member_restore(member=fresh, actor=fac)
    fresh = Member.objects.get(pk=member.pk)
    assert fresh.archived_at is None and fresh.archived_reason == ""
    assert counts() == before


def test_archive_needs_the_capability(world):
    member = world.members["a1"]
    for role in (Role.SOCIAL_WORKER, Role.COLLECTIVE_LEADER, Role.VOLUNTEER):
        with pytest.raises(PermissionDenied):
            services.member_archive(member=member, reason="x", actor=world.user("a", role))
    assert Member.objects.get(pk=member.pk).archived_at is None


def test_archived_members_leave_the_list_but_stay_reachable(client, world):
    member = world.members["a1"]
    fac = world.user("a", Role.FACILITATOR)
    client.force_login(fac)
    r = client.post(reverse("people:member_archive", args=[member.uuid]), {"reason": ""})
    assert r.status_code == 200
    assert Member.objects.get(pk=member.pk).archived_at is None
    r = client.post(reverse("people:member_archive", args=[member.uuid]), {"reason": "moved"})
    assert r.status_code == 302
    listing = client.get(reverse("people:member_list")).content.decode()
    assert str(member.uuid) not in listing
    archived = client.get(reverse("people:member_list") + "?archived=1").content.decode()
    assert str(member.uuid) in archived
    assert client.get(reverse("people:member_detail", args=[member.uuid])).status_code == 200
    r = client.post(reverse("people:member_archive", args=[member.uuid]), {"restore": "1"})
    assert r.status_code == 302
    assert Member.objects.get(pk=member.pk).archived_at is None


# ------------------------------------------------------------------ register view
def _field_block(html: str, name: str) -> str:
    """The <div class="field ..."> that holds the input named ``name``."""
    for block in html.split('<div class="field')[1:]:
        if f'name="{name}"' in block.split("</div>")[0]:
            return block.split("</div>")[0]
    raise AssertionError(f"no field {name}")


def register_post(world, **overrides):
    post = {
        "organisation": str(world.orgs["a"].uuid),
        "primary_name": "Sabina Khatun",
        "native_name": "সাবিনা খাতুন",
        "alias": "Sabu",
        "sex": "female",
        "gender": "not_stated",
        "birth_date": "",
        "age": "31",
        "state": "WB",
        "district": "Nadia",
        "block": "Ranaghat II",
        "village": "Aistala",
        "preferred_language": "bn",
        "phone": "9830012345",
        "collective": str(world.collectives["a1"].uuid),
        "collective_role": "member",
        "consent_method": "signature",
        "consent_language": "bn",
        "witness_name": "",
    }
    post.update(overrides)
    return post


def test_register_view_creates_member(client, world):
    client.force_login(world.user("a", Role.FACILITATOR))
    r = client.post(reverse("people:member_register"), register_post(world))
    assert r.status_code == 302
    member = Member.objects.get(display_name="Sabina Khatun")
    assert r["Location"] == reverse("people:member_detail", args=[member.uuid])
    assert member.names.filter(kind="alias", text="Sabu").exists()
    assert member.block == "Ranaghat II"
    assert member.birth_year_estimated


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("phone", "12345", "10-digit Indian mobile number"),
        ("witness_name", "", "A witness is required"),
        ("age", "", "date of birth or her approximate age"),
        ("birth_date", "01/01/2999", "cannot be in the future"),
    ],
)
def test_register_view_error_next_to_field_keeps_values(client, world, field, value, message):
    client.force_login(world.user("a", Role.FACILITATOR))
    overrides = {field: value}
    if field == "witness_name":
        overrides["consent_method"] = "thumbprint"
    if field == "birth_date":
        overrides["age"] = ""
    before = Member.objects.count()
    r = client.post(reverse("people:member_register"), register_post(world, **overrides))
    assert r.status_code == 200
    assert Member.objects.count() == before
    html = r.content.decode()
    block = _field_block(html, field)
    assert "invalid" in block.split(">")[0]
    assert message in block
    # the other values are still in the form
    assert 'value="Sabina Khatun"' in _field_block(html, "primary_name")
    assert 'value="সাবিনা খাতুন"' in _field_block(html, "native_name")
    assert 'value="Aistala"' in _field_block(html, "village")
    assert 'value="Ranaghat II"' in _field_block(html, "block")
    assert 'value="bn" selected' in _field_block(html, "preferred_language")
    if field != "phone":
        assert 'value="9830012345"' in _field_block(html, "phone")
    # and no other field is marked invalid
    invalid = re.findall(r'<div class="field invalid">.*?name="(\w+)"', html, re.S)
    assert invalid == [field]
