import pytest
from django.urls import reverse

from saathi.core.policy import Role
from saathi.core.testing import register


@pytest.mark.django_db
def test_household_with_dependants_and_another_member(client, world):
    client.force_login(world.user("a", Role.FACILITATOR))
    head = world.members["a1"]
    url = reverse("people:member_household", kwargs={"uuid": head.uuid})
    client.post(url, {"create": "1"})
    head.refresh_from_db()
    assert head.household is not None and head.household.head_id == head.pk

    r = client.post(url, {"add_dependant": "1", "name": "", "relationship": "child", "age": "200"})
    body = r.content.decode()
    assert r.status_code == 200 and "errorlist" in body  # name missing, age out of range
    client.post(url, {"add_dependant": "1", "name": "Tania", "relationship": "child", "age": "9"})
    assert head.household.dependants.get().age == 9

    sister = register(world, "a", "a1", "Rina Das")
    r = client.post(url, {"add_member": "1", "reference": "MEM-1999-000000"})
    assert "No member with this reference" in r.content.decode()
    client.post(url, {"add_member": "1", "reference": sister.reference.lower()})
    sister.refresh_from_db()
    assert sister.household_id == head.household_id
    r = client.post(url, {"add_member": "1", "reference": sister.reference})
    assert "already in this household" in r.content.decode()
    profile = client.get(reverse("people:member_detail", kwargs={"uuid": head.uuid}))
    assert "Rina Das" in profile.content.decode()

    # a member of another organisation cannot be found, let alone added
    other = world.members["b1"]
    r = client.post(url, {"add_member": "1", "reference": other.reference})
    assert "No member with this reference" in r.content.decode()


@pytest.mark.django_db
def test_leader_must_choose_her_collective_and_keeps_what_she_typed(client, world):
    client.force_login(world.user("a", Role.COLLECTIVE_LEADER))
    r = client.post(
        reverse("people:member_register"),
        {
            "primary_name": "Sima Bag",
            "sex": "female",
            "gender": "woman",
            "age": "30",
            "state": "WB",
            "district": "Nadia",
            "preferred_language": "bn",
            "collective_role": "member",
            "consent_method": "signature",
            "consent_language": "bn",
        },
    )
    body = r.content.decode()
    assert r.status_code == 200 and 'value="Sima Bag"' in body
    assert 'id="id_collective_error"' in body
    r = client.post(
        reverse("people:member_register"),
        {
            "primary_name": "Sima Bag",
            "sex": "female",
            "gender": "woman",
            "age": "30",
            "state": "WB",
            "district": "Nadia",
            "preferred_language": "bn",
            "collective": world.collectives["a1"].uuid,
            "collective_role": "member",
            "consent_method": "signature",
            "consent_language": "bn",
        },
    )
    assert r.status_code == 302
