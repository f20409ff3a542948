"""Every refused form shows, at the top of the page, a summary that links to each field in
error (components/error_summary.html, js/errors.js moves the focus to it): issue 11, item 14."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from saathi.core.policy import Role
from saathi.linkage.tests.test_registration import post_for
from saathi.people.models import Member
from saathi.relief.tests.helpers import make_programme
from saathi.relief.tests.test_pages import post_distribution

pytestmark = pytest.mark.django_db


def summary_of(html: str) -> str:
    m = re.search(r'<div class="error-summary" id="error-summary".*?</div>', html, re.S)
    assert m, "no error summary"
    # at the top of the page: before the page's own heading and every form
    assert m.start() < html.index("<h1") and m.start() < html.index('<form method="post" class')
    return m.group(0)


def test_a_refused_repeat_distribution_is_summarised_at_the_top(world):
    p = make_programme(world)
    client = Client()
    client.force_login(world.user("a", Role.FACILITATOR))
    member = world.members["a1"]
    assert post_distribution(client, p, member).status_code == 302
    html = post_distribution(client, p, member, place="Second hall").content.decode()
    box = summary_of(html)
    assert 'href="#id_repeat_reason"' in box and "already received this item" in box
    assert 'tabindex="-1"' in box and 'role="alert"' in box
    assert "js/errors.js" in html
    assert 'id="id_repeat_reason"' in html  # the link's target is on the page


def test_a_refused_duplicate_registration_says_so_and_links_to_the_warning(world):
    client = Client()
    client.force_login(world.user("a", Role.FACILITATOR))
    before = Member.objects.count()
    post = post_for(world, primary_name="Laxmi Dass", native_name="লক্ষ্মী দাস")
    r = client.post(reverse("people:member_register"), post)
    html = r.content.decode()
    assert r.status_code == 200 and Member.objects.count() == before
    box = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert "She may already be registered" in box and 'href="#dup-warning"' in box
    assert 'id="dup-warning"' in html


def test_a_form_view_page_refused_by_its_form_lists_every_field(world):
    client = Client()
    client.force_login(world.user("a", Role.ORG_ADMIN))
    r = client.post(reverse("people:collective_create"), {"name": "", "district": ""})
    html = r.content.decode()
    assert r.status_code == 200
    box = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert 'href="#id_name"' in box


def test_no_summary_on_an_unrefused_page(world):
    client = Client()
    client.force_login(world.user("a", Role.FACILITATOR))
    html = client.get(reverse("people:member_register")).content.decode()
    assert 'id="error-summary"' not in html and "js/errors.js" not in html
