"""Aadhaar numbers: check digit, one per member, a warning when on another member
(issue 11.6)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from saathi.core.policy import Role
from saathi.core.testing import register
from saathi.people import services
from saathi.people.identifiers import aadhaar_for, aadhaar_valid, verhoeff_valid
from saathi.people.models import IdentityDocument

VALID = "876540031234"


def test_verhoeff_known_values():
    assert verhoeff_valid("2363")  # Verhoeff's own example: 236, check digit 3
    assert not verhoeff_valid("2364")
    assert aadhaar_valid(VALID) and aadhaar_valid("8765 4003 1234")
    assert not aadhaar_valid("1234 5678 9012")  # the number of the issue
    assert not aadhaar_valid("076540031234")  # an Aadhaar does not start with 0 or 1


@settings(max_examples=300, deadline=None)
@given(st.text("0123456789", min_size=11, max_size=11), st.integers(0, 10), st.data())
def test_a_wrong_digit_or_swapped_neighbours_fail(eleven, i, data):
    number = aadhaar_for(eleven)
    assert verhoeff_valid(number)
    pos = i % 12
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != number[pos]]))
    assert not verhoeff_valid(number[:pos] + wrong + number[pos + 1 :])
    if pos < 11 and number[pos] != number[pos + 1]:
        swapped = number[:pos] + number[pos + 1] + number[pos] + number[pos + 2 :]
        assert not verhoeff_valid(swapped)


pytestmark_db = pytest.mark.django_db


def _post(client, member, **data):
    post = {"kind": "aadhaar", "status": "held", "identification_route": "documentary"}
    post.update(data)
    return client.post(reverse("people:document_add", args=[member.uuid]), post)


@pytestmark_db
def test_the_form_refuses_a_number_failing_the_check_digit(client, world):
    member = register(world, "a", "a1", "Mousumi Mondal", "")
    member.documents.filter(kind="aadhaar").delete()
    client.force_login(world.user("a", Role.FACILITATOR))
    r = _post(client, member, number="1234 5678 9012")
    assert r.status_code == 200
    assert "not a valid Aadhaar number" in r.content.decode()
    assert 'value="1234 5678 9012"' in r.content.decode()
    assert not member.documents.filter(kind="aadhaar").exists()


@pytestmark_db
def test_a_second_aadhaar_for_the_same_member_is_refused(client, world):
    member = world.members["a1"]  # has one already
    client.force_login(world.user("a", Role.FACILITATOR))
    r = _post(client, member, number=VALID)
    assert r.status_code == 200
    assert "already has an Aadhaar record" in r.content.decode()
    assert member.documents.filter(kind="aadhaar").count() == 1
    with pytest.raises(ValidationError):
        services.document_save(
            member=member,
            data={"kind": "aadhaar", "status": "missing"},
            actor=world.user("a", Role.FACILITATOR),
        )


@pytestmark_db
def test_a_number_on_another_member_warns_within_scope_then_saves_when_confirmed(client, world):
    a1, a2 = world.members["a1"], world.members["a2"]
    number = VALID
    doc = a1.documents.get(kind="aadhaar")
    services.document_save(
        member=a1, data={"number": number}, document=doc, actor=world.user("a", Role.FACILITATOR)
    )
    a2_doc = a2.documents.get(kind="aadhaar")
    client.force_login(world.user("a", Role.FACILITATOR))
    url = reverse("people:document_edit", args=[a2_doc.uuid])
    post = {"kind": "aadhaar", "status": "held", "identification_route": "documentary"}
    r = client.post(url, {**post, "number": "8765 4003 1234"})
    html = r.content.decode()
    assert r.status_code == 200
    assert f"already on the record of {a1.reference}" in html
    assert 'type="checkbox" name="same_number_checked"' in html
    a2_doc.refresh_from_db()
    assert a2_doc.number_hash != doc.number_hash  # not saved yet
    r = client.post(url, {**post, "number": "8765 4003 1234", "same_number_checked": "on"})
    assert r.status_code == 302
    a2_doc.refresh_from_db()
    assert a2_doc.number_last4 == "1234"


@pytestmark_db
def test_no_warning_about_a_member_outside_her_scope(world):
    b1 = world.members["b1"]
    services.document_save(
        member=b1,
        data={"number": VALID},
        document=b1.documents.get(kind="aadhaar"),
        actor=world.user("b", Role.FACILITATOR),
    )
    a2 = world.members["a2"]
    # organisation A's facilitator does not see B's member: no warning, nothing told
    doc = services.document_save(
        member=a2,
        data={"number": VALID},
        document=a2.documents.get(kind="aadhaar"),
        actor=world.user("a", Role.FACILITATOR),
    )
    assert doc.number_last4 == "1234"
    assert IdentityDocument.objects.filter(number_hash=doc.number_hash).count() == 2


@pytestmark_db
def test_the_warning_form_hides_the_confirmation_box_until_needed(client, world):
    client.force_login(world.user("a", Role.FACILITATOR))
    r = client.get(reverse("people:document_add", args=[world.members["a1"].uuid]))
    assert 'type="hidden" name="same_number_checked"' in r.content.decode()
