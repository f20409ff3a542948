"""The matter's responsible advocate (issue 15, items 1 and 6): one of the organisation's
legal advocates, chosen on the matter's form, shown on its page and in the list, "my
matters"; a category A threat alerts her (all the advocates when none is set) and the
organisation's admins; the hearing reminders go to her."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from saathi.accounts.models import RoleGrant
from saathi.core.policy import Role
from saathi.core.testing import make_user
from saathi.legal import services
from saathi.legal.agenda import hearings_due
from saathi.legal.models import Alert

from .factories import advocate, matter


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _second_advocate(world, org="a", name="a_second_advocate"):
    return make_user(name, world.orgs[org], Role.LEGAL_ADVOCATE)


def _threat_a(m, actor):
    services.threat_record(
        matter=m,
        data={"on": timezone.localdate(), "category": "A", "source": "accused",
              "channel": "phone", "details": "x"},
        actor=actor,
    )  # fmt: skip


def _alerted(m) -> set[str]:
    return set(Alert.objects.filter(matter=m).values_list("user__username", flat=True))


@pytest.mark.django_db
def test_category_a_alerts_the_responsible_advocate_and_the_admin_only(world):
    second = _second_advocate(world)
    m = matter(world, responsible=second)
    assert m.responsible == second
    _threat_a(m, advocate(world))
    assert _alerted(m) == {"a_second_advocate", "a_org_admin"}


@pytest.mark.django_db
def test_without_a_responsible_advocate_every_advocate_is_alerted(world):
    _second_advocate(world)
    m = matter(world)
    assert m.responsible is None
    _threat_a(m, advocate(world))
    assert _alerted(m) == {"a_legal_advocate", "a_second_advocate", "a_org_admin"}


@pytest.mark.django_db
def test_a_responsible_advocate_who_lost_the_role_is_passed_over(world):
    second = _second_advocate(world)
    m = matter(world, responsible=second)
    RoleGrant.objects.filter(user=second).update(revoked_at=timezone.now())
    _threat_a(m, advocate(world))
    assert _alerted(m) == {"a_legal_advocate", "a_org_admin"}
    # an edit of the facts is not refused for her: she stays named until someone changes it
    services.matter_update(
        matter=m, data={"judge": "Sri A. Das", "responsible": second}, actor=advocate(world)
    )
    m.refresh_from_db()
    assert m.responsible_id == second.pk and m.judge == "Sri A. Das"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["other_org_advocate", "facilitator", "admin"])
def test_the_responsible_must_be_a_legal_advocate_of_the_organisation(world, who):
    user = {
        "other_org_advocate": lambda: advocate(world, "b"),
        "facilitator": lambda: world.user("a", Role.FACILITATOR),
        "admin": lambda: world.user("a", Role.ORG_ADMIN),
    }[who]()
    with pytest.raises(ValidationError) as e:
        matter(world, responsible=user)
    assert "responsible" in e.value.message_dict
    m = matter(world)
    with pytest.raises(ValidationError) as e:
        services.matter_update(matter=m, data={"responsible": user}, actor=advocate(world))
    assert "responsible" in e.value.message_dict


@pytest.mark.django_db
def test_an_advocate_of_another_collective_cannot_be_responsible(world):
    """A grant on collective a2 does not reach a member of a1 only."""
    member = world.members["a1"]
    other = [c for k, c in world.collectives.items() if k.startswith("a")
             and c.pk not in set(member.collective_ids())]  # fmt: skip
    if not other:
        pytest.skip("every collective of organisation A holds her")
    outsider = make_user("a_coll_advocate", world.orgs["a"], Role.LEGAL_ADVOCATE, other[0])
    with pytest.raises(ValidationError) as e:
        matter(world, responsible=outsider)
    assert "responsible" in e.value.message_dict


@pytest.mark.django_db
def test_chosen_on_the_form_shown_on_the_page_and_in_my_matters(world):
    second = _second_advocate(world)
    mine = matter(world)
    theirs = matter(world)
    c = _client(advocate(world))
    # the form offers the organisation's advocates, the one opening it chosen by default
    page = c.get(reverse("legal:matter_open", args=[world.members["a1"].uuid])).content.decode()
    assert "a_second_advocate" in page and "a_facilitator" not in page
    assert f'value="{advocate(world).pk}" selected' in page
    edit = reverse("legal:matter_edit", args=[mine.uuid])
    r = c.post(edit, {"matter_type": "criminal_prosecution", "member_role": "victim",
                      "stage": "investigation", "responsible": advocate(world).pk})  # fmt: skip
    assert r.status_code == 302
    r = c.post(reverse("legal:matter_edit", args=[theirs.uuid]),
               {"matter_type": "criminal_prosecution", "member_role": "victim",
                "stage": "investigation", "responsible": second.pk})  # fmt: skip
    assert r.status_code == 302
    detail = c.get(reverse("legal:matter_detail", args=[theirs.uuid])).content.decode()
    assert 'id="responsible">a_second_advocate<' in detail
    lst = reverse("legal:matter_list")
    everything = c.get(lst).content.decode()
    assert mine.reference in everything and theirs.reference in everything
    assert "a_second_advocate" in everything
    only_mine = c.get(lst, {"mine": "1"}).content.decode()
    assert mine.reference in only_mine and theirs.reference not in only_mine
    # a facilitator posting someone outside the choices is refused at the field
    r = c.post(edit, {"matter_type": "criminal_prosecution", "member_role": "victim",
                      "stage": "investigation",
                      "responsible": world.user("a", Role.FACILITATOR).pk})  # fmt: skip
    assert r.status_code == 200 and "responsible" in r.context["form"].errors


@pytest.mark.django_db
def test_hearing_reminders_go_to_the_responsible_advocate(world):
    second = _second_advocate(world)
    today = timezone.localdate()
    hers = matter(world, responsible=second, next_date=today + timedelta(days=1))
    nobody = matter(world, next_date=today + timedelta(days=1))
    got = {e.key.split(":")[1]: e.user_ids for e in hearings_due(today, today + timedelta(days=1))}
    assert got[str(hers.uuid)] == (second.pk,)
    assert got[str(nobody.uuid)] == (advocate(world).pk,)  # whoever opened it
