"""A name stored only in a native script is found by its Latin spellings (issue 11.1)."""

from __future__ import annotations

import pytest

from saathi.core.policy import Role
from saathi.core.testing import register
from saathi.people.models import Member, MemberName
from saathi.people.selectors import MemberFilters, member_list
from saathi.people.services import search_keys_rebuild

pytestmark = pytest.mark.django_db


def found(user, q: str) -> set[str]:
    return {m.display_name for m in member_list(user, MemberFilters(q=q)).object_list}


@pytest.mark.parametrize(
    "q", ["mousumi", "Mausumi", "moushumi", "mowsumi", "mousumi mondal", "Mondol", "মৌসুমী"]
)
def test_bengali_only_name_found_by_latin_spellings(world, q):
    register(world, "a", "a1", "মৌসুমী মণ্ডল", "")
    register(world, "a", "a1", "Mousumi Das", "")
    got = found(world.user("a", Role.FACILITATOR), q)
    assert "মৌসুমী মণ্ডল" in got


@pytest.mark.parametrize(
    "stored,q",
    [("శ్యామల", "shyamala"), ("గౌరి లక్ష్మి", "gowri"), ("श्याम सुंदर", "sundar")],
)
def test_telugu_and_devanagari_names_found_by_latin_spellings(world, stored, q):
    register(world, "a", "a1", stored, "")
    assert stored in found(world.user("a", Role.FACILITATOR), q)


def test_rebuild_recomputes_stale_keys(world):
    member = register(world, "a", "a1", "মৌসুমী মণ্ডল", "")
    Member.objects.filter(pk=member.pk).update(search_text=" mausumi mandal ")
    MemberName.objects.filter(member=member).update(key="mausumi mandal")
    assert "মৌসুমী মণ্ডল" not in found(world.user("a", Role.FACILITATOR), "mousumi")
    assert search_keys_rebuild(batch=2) == Member.objects.count()
    assert "মৌসুমী মণ্ডল" in found(world.user("a", Role.FACILITATOR), "mousumi")
    assert set(MemberName.objects.filter(member=member).values_list("key", flat=True)) == {
        "masumi mandal"
    }
