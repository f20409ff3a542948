"""Pages: bad input answered at the field with what was typed kept; the flows' redirects."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from .factories import advocate, full_matter, matter


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.mark.django_db
def test_hearing_with_a_next_date_before_it_is_refused_at_the_field(world):
    m = matter(world)
    today = timezone.localdate()
    r = _client(advocate(world)).post(
        reverse("legal:hearing_add", args=[m.uuid]),
        {
            "on": today.strftime("%d/%m/%Y"),
            "purpose": "Evidence of PW-1",
            "next_date": (today - timedelta(days=1)).strftime("%d/%m/%Y"),
        },
    )
    body = r.content.decode()
    assert r.status_code == 200
    assert "The next date must come after the hearing." in body
    assert "Evidence of PW-1" in body  # nothing typed is lost


@pytest.mark.django_db
def test_open_matter_and_payment_flow(world):
    c = _client(advocate(world))
    member = world.members["a1"]
    r = c.post(
        reverse("legal:matter_open", args=[member.uuid]),
        {"matter_type": "victim_compensation_claim", "member_role": "victim", "stage": ""},
    )
    assert r.status_code == 302
    f = full_matter(world)
    r = c.post(
        reverse("legal:payment_add", args=[f["compensation"].uuid]),
        {"kind": "final", "amount": "-5", "paid_on": "01/01/2026"},
    )
    assert "An amount above zero." in r.content.decode()
    r = c.get(reverse("legal:matter_detail", args=[f["matter"].uuid]))
    body = r.content.decode()
    assert "Awarded, not paid after 30 days" in body and "3,00,000" in body


@pytest.mark.django_db
def test_matter_page_query_count_does_not_grow_with_hearings(world, django_assert_max_num_queries):
    from saathi.legal import services

    f = full_matter(world)
    today = timezone.localdate()
    for i in range(30):
        services.hearing_record(
            matter=f["matter"],
            data={"on": today - timedelta(days=400 - i), "stage": "evidence"},
            actor=advocate(world),
        )
    c = _client(advocate(world))
    c.get(reverse("legal:matter_detail", args=[f["matter"].uuid]))  # warm caches
    with django_assert_max_num_queries(12):
        assert c.get(reverse("legal:matter_detail", args=[f["matter"].uuid])).status_code == 200
