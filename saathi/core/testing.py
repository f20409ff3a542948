"""Test personas: every role in two organisations, and members for them to see or not see.

``build_world()`` returns a :class:`World`; ``world.users[("a", role)]`` is the user with
``role`` in organisation A (collective leaders are granted on collective A1 only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from saathi.accounts.models import RoleGrant, User
from saathi.core.policy import Role
from saathi.people.models import Collective, Member, Organisation
from saathi.people.services import MemberInput, NameInput, document_save, member_register

PASSWORD = "persona-password-2026"


@dataclass
class World:
    orgs: dict[str, Organisation] = field(default_factory=dict)
    collectives: dict[str, Collective] = field(default_factory=dict)
    users: dict[tuple[str, str], User] = field(default_factory=dict)
    members: dict[str, Member] = field(default_factory=dict)

    def user(self, org: str, role: str) -> User:
        return self.users[(org, role)]


def make_user(username: str, org: Organisation, role: str, collective=None) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, organisation=org, first_name=username
    )
    RoleGrant.objects.create(user=user, role=role, organisation=org, collective=collective)
    return user


def build_world() -> World:
    w = World()
    w.orgs["a"] = Organisation.objects.create(name="Org A", states=["WB"])
    w.orgs["b"] = Organisation.objects.create(name="Org B", states=["AP"])
    w.collectives["a1"] = Collective.objects.create(
        organisation=w.orgs["a"], name="A One", name_native="এক", state="WB", districts=["Nadia"]
    )
    w.collectives["a2"] = Collective.objects.create(
        organisation=w.orgs["a"], name="A Two", state="WB", districts=["Howrah"]
    )
    w.collectives["b1"] = Collective.objects.create(
        organisation=w.orgs["b"], name="B One", state="AP", districts=["Guntur"]
    )
    for org_key, org in w.orgs.items():
        for role in Role.values:
            coll = w.collectives[f"{org_key}1"] if role == Role.COLLECTIVE_LEADER else None
            w.users[(org_key, role)] = make_user(f"{org_key}_{role}", org, role, coll)
    w.members["a1"] = register(w, "a", "a1", "Lakshmi Das", "লক্ষ্মী দাস", phone="9876543210")
    w.members["a2"] = register(w, "a", "a2", "Rekha Mondal", "রেখা মণ্ডল")
    w.members["b1"] = register(w, "b", "b1", "Gollapudi Padma", "గొల్లపూడి పద్మ")
    return w


def aadhaar_ending_1234(n: int) -> str:
    """A valid Aadhaar number ending in 1234, its own for each ``n``: one free digit takes
    the value that makes 4 the Verhoeff check digit (a one-digit change always changes it)."""
    from saathi.people.identifiers import verhoeff_digit

    for x in "0123456789":
        eleven = f"8{n % 10**6:06d}{x}123"
        if verhoeff_digit(eleven) == "4":
            return eleven + "4"
    raise AssertionError("unreachable: Verhoeff detects every one-digit change")


def register(w: World, org: str, coll: str, name: str, native: str = "", phone: str = "", **kw):
    actor = w.users[(org, Role.ORG_ADMIN)]
    data = MemberInput(
        organisation_id=w.orgs[org].pk,
        primary_name=name,
        native_name=native,
        sex="female",
        birth_year=1990,
        birth_date=date(1990, 5, 17),
        state=w.collectives[coll].state,
        district=w.collectives[coll].districts[0],
        preferred_language="bn" if w.collectives[coll].state == "WB" else "te",
        phone=phone,
        collective_id=w.collectives[coll].pk,
        other_names=[NameInput("Lokkhi", "alias")] if name.startswith("Lakshmi") else [],
        confidential={"occupation": "SECRET-OCCUPATION", "hiv_status": "SECRET-HIV"},
        **kw,
    )
    # the org admin may not edit confidential fields; a social worker registers instead
    actor = w.users[(org, Role.SOCIAL_WORKER)]
    member = member_register(
        data=data, consent_method="signature", consent_language=data.preferred_language, actor=actor
    )
    document_save(
        member=member,
        # a valid Aadhaar number ending in 1234, one of its own for each member
        data={"kind": "aadhaar", "status": "held", "number": aadhaar_ending_1234(member.pk)},
        actor=actor,
    )
    document_save(member=member, data={"kind": "ration_card", "status": "missing"}, actor=actor)
    return member
