"""The registration form warns of likely duplicates before saving (names in any script,
phone), lets the user go on with "This is a different person", and loses nothing."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from saathi.core.policy import Role
from saathi.linkage.registration import find_duplicates
from saathi.people.models import Member


def post_for(world, **overrides):
    post = {
        "primary_name": "Sabina Khatun",
        "native_name": "",
        "alias": "",
        "sex": "female",
        "gender": "not_stated",
        "age": "33",
        "state": "WB",
        "district": "Nadia",
        "block": "Ranaghat II",
        "village": "Aistala",
        "preferred_language": "bn",
        "phone": "",
        "collective": str(world.collectives["a1"].uuid),
        "collective_role": "member",
        "consent_method": "signature",
        "consent_language": "bn",
        "witness_name": "",
    }
    post.update(overrides)
    return post


@pytest.mark.django_db
def test_a_duplicate_in_another_script_is_warned_then_registered_as_different(world):
    client = Client()
    client.force_login(world.user("a", Role.FACILITATOR))
    url = reverse("people:member_register")
    existing = world.members["a1"]  # Lakshmi Das / লক্ষ্মী দাস
    before = Member.objects.count()
    post = post_for(world, primary_name="Laxmi Dass", native_name="লক্ষ্মী দাস", block="Block 7")
    r = client.post(url, post)
    assert r.status_code == 200 and Member.objects.count() == before
    html = r.content.decode()
    assert "She may already be registered" in html
    assert existing.reference in html and "Lakshmi Das" in html
    assert "same name" in html and "This is a different person" in html
    assert reverse("people:member_detail", args=[existing.uuid]) in html
    # nothing she entered is lost
    assert 'value="Laxmi Dass"' in html and 'value="Block 7"' in html and 'value="Aistala"' in html
    # nothing personal or confidential of the existing member is shown
    assert "9876543210" not in html and "SECRET" not in html
    r = client.post(url, {**post, "different_person": "1"})
    assert r.status_code == 302
    assert Member.objects.count() == before + 1


@pytest.mark.django_db
def test_latin_name_finds_a_member_registered_in_bengali(world):
    from saathi.people.services import MemberInput, member_register

    actor = world.user("a", Role.FACILITATOR)
    member = member_register(
        data=MemberInput(
            organisation_id=world.orgs["a"].pk,
            primary_name="রহিমা বিবি",
            sex="female",
            birth_year=1985,
            state="WB",
            district="Nadia",
            preferred_language="bn",
        ),
        consent_method="signature",
        consent_language="bn",
        actor=actor,
    )
    check = find_duplicates(
        actor, organisation_id=world.orgs["a"].pk, names_given=["Rahima Bibi"], age=41
    )
    assert [c.reference for c in check.candidates] == [member.reference]
    assert check.candidates[0].reasons == ["name", "age"]


@pytest.mark.django_db
def test_a_duplicate_by_phone_is_warned(world):
    client = Client()
    client.force_login(world.user("a", Role.FACILITATOR))
    r = client.post(
        reverse("people:member_register"),
        post_for(world, primary_name="Mina Sarkar", phone="+91 98765 43210"),
    )
    html = r.content.decode()
    assert r.status_code == 200 and "same phone" in html
    assert world.members["a1"].reference in html
    assert "same name" not in html


@pytest.mark.django_db
def test_no_warning_for_a_new_person(world):
    client = Client()
    client.force_login(world.user("a", Role.FACILITATOR))
    r = client.post(reverse("people:member_register"), post_for(world, phone="9433012345"))
    assert r.status_code == 302


@pytest.mark.django_db
def test_live_warning_and_members_the_user_may_not_see(world):
    """A leader of A1 registering Rekha Mondal (a member of A2) learns nothing of her:
    not her name, not her reference, not even that a likely match exists (issue 10 §6)."""
    client = Client()
    client.force_login(world.user("a", Role.COLLECTIVE_LEADER))
    url = reverse("linkage:registration_check")
    r = client.post(url, {"primary_name": "Rekha Mandal", "native_name": "রেখা মণ্ডল"})
    html = r.content.decode()
    assert r.status_code == 200
    assert html.strip() == ""
    assert world.members["a2"].reference not in html and "Rekha Mondal" not in html
    r = client.post(url, {"primary_name": "লক্ষ্মী দাস", "age": "36"})
    assert world.members["a1"].reference in r.content.decode()
    assert client.post(url, {"primary_name": "Nobody Here"}).content.decode().strip() == ""
    # another organisation's members never come up
    other = Client()
    other.force_login(world.user("b", Role.FACILITATOR))
    r = other.post(url, {"primary_name": "Lakshmi Das", "phone": "9876543210"})
    assert world.members["a1"].reference not in r.content.decode()


@pytest.mark.django_db
def test_api_answers_409_with_candidates_then_registers_a_different_person(world):
    client = Client()
    client.force_login(world.user("a", Role.FACILITATOR))
    body = {
        "primary_name": "LAXMI DASS",
        "sex": "female",
        "age": 35,
        "state": "WB",
        "district": "Nadia",
        "preferred_language": "bn",
        "phone": "9876543210",
        "collective": str(world.collectives["a1"].uuid),
        "consent": {"method": "signature", "language": "bn"},
    }
    r = client.post("/api/members", json.dumps(body), content_type="application/json")
    assert r.status_code == 409
    data = r.json()
    cand = data["candidates"][0]
    assert cand["reference"] == world.members["a1"].reference
    assert set(cand["reasons"]) >= {"name", "phone", "age"}
    r = client.post(
        "/api/members",
        json.dumps({**body, "different_person": True}),
        content_type="application/json",
    )
    assert r.status_code == 201


@pytest.mark.django_db
def test_live_check_is_audited_and_rate_limited(world, settings):
    """Each member the live check shows is an audited view of her record; after the
    per-user limit the check pauses with a message instead of answering."""
    from saathi.core import limits
    from saathi.core.models import AuditEvent

    user = world.user("a", Role.FACILITATOR)
    client = Client()
    client.force_login(user)
    url = reverse("linkage:registration_check")
    r = client.post(url, {"primary_name": "Lakshmi Das"})
    assert world.members["a1"].reference in r.content.decode()
    seen = AuditEvent.objects.filter(
        actor_id=user.pk, action="view_personal", member_id=world.members["a1"].pk
    )
    assert seen.filter(fields__contains="duplicate_check").count() == 1
    # an empty answer is not an audited view
    client.post(url, {"primary_name": "Nobody Here"})
    assert AuditEvent.objects.filter(fields__contains="duplicate_check").count() == 1
    for _ in range(limits.DUPLICATE_CHECK_PER_USER.count - 2):
        client.post(url, {"primary_name": "Nobody Here"})
    r = client.post(url, {"primary_name": "Lakshmi Das"})
    html = r.content.decode()
    assert r.status_code == 200 and "the check pauses for" in html
    assert world.members["a1"].reference not in html
    # the limit is per user: another user still gets answers
    other = Client()
    other.force_login(world.user("a", Role.SOCIAL_WORKER))
    assert (
        world.members["a1"].reference
        in other.post(url, {"primary_name": "Lakshmi Das"}).content.decode()
    )
