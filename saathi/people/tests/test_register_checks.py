"""Registration checks a new user ran into (issue 11, items 2, 4 and 5)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from saathi.core.policy import Role
from saathi.people.models import Member

from .test_member_services import _field_block, register_post

pytestmark = pytest.mark.django_db


def _post(client, world, **overrides):
    client.force_login(world.user("a", Role.FACILITATOR))
    before = Member.objects.count()
    r = client.post(reverse("people:member_register"), register_post(world, **overrides))
    return r, Member.objects.count() - before


def test_bengali_in_the_latin_name_field_is_refused_at_the_field(client, world):
    r, added = _post(client, world, primary_name="মৌসুমী মণ্ডল", native_name="মৌসুমী মণ্ডল")
    assert r.status_code == 200 and added == 0
    html = r.content.decode()
    block = _field_block(html, "primary_name")
    assert "invalid" in block.split(">")[0]
    assert "Latin letters (A to Z)" in block
    assert 'value="মৌসুমী মণ্ডল"' in block  # what she typed is kept


def test_latin_letters_in_the_native_name_field_are_refused(client, world):
    r, added = _post(client, world, native_name="Mousumi Mondal")
    assert r.status_code == 200 and added == 0
    block = _field_block(r.content.decode(), "native_name")
    assert "Bengali, Telugu or Hindi script" in block
    invalid = re.findall(r'<div class="field invalid">.*?name="(\w+)"', r.content.decode(), re.S)
    assert invalid == ["native_name"]


def test_each_script_in_its_own_field_is_accepted(client, world):
    r, added = _post(client, world, primary_name="Mousumi Mondal", native_name="মৌসুমী মণ্ডল")
    assert r.status_code == 302 and added == 1


def test_a_birth_date_contradicting_the_age_is_flagged_next_to_both(client, world):
    r, added = _post(client, world, birth_date="01/01/1990", age="50")
    assert r.status_code == 200 and added == 0
    html = r.content.decode()
    age = _field_block(html, "age")
    today = date.today()
    years = today.year - 1990 - ((today.month, today.day) < (1, 1))
    assert f"makes her {years} years old, not 50" in age
    assert "does not agree with the age" in _field_block(html, "birth_date")
    assert 'value="01/01/1990"' in _field_block(html, "birth_date")


def test_a_birth_date_agreeing_with_the_age_is_accepted(client, world):
    today = date.today()
    years = today.year - 1990 - ((today.month, today.day) < (1, 1))
    r, added = _post(client, world, birth_date="01/01/1990", age=str(years))
    assert r.status_code == 302 and added == 1


def test_the_profile_shows_the_birth_date_as_dd_mm_yyyy(client, world):
    client.force_login(world.user("a", Role.FACILITATOR))
    member = world.members["a1"]  # born 17/05/1990
    html = client.get(reverse("people:member_detail", args=[member.uuid])).content.decode()
    assert "17/05/1990" in html
    assert "1990-05-17" not in html
