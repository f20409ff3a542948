"""On a phone (360×740), in Bengali: a social worker records a PHQ-9 with a positive item 9
and sees the safety step at once, agrees a safety plan, and refers the member to an ART
centre; a leader records an eviction by a house owner; the viewer's figures show it
suppressed. Screenshots: test-artifacts/screenshots/wellbeing-*.png."""

import pytest
from playwright.sync_api import expect

from saathi.core.policy import Role
from saathi.core.suppression import HIDDEN
from saathi.core.testing import PASSWORD, build_world
from saathi.wellbeing.models import Incident, Referral, SafetyAlert, Screening

pytestmark = pytest.mark.browser


def submit(page):
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_load_state()


def test_phq9_risk_referral_incident_and_suppressed_figures(phone_browser):
    world = build_world()
    member = world.members["a1"]  # Lakshmi Das, Bengali, collective A One
    sw = world.user("a", Role.SOCIAL_WORKER)
    sw.language = "bn"
    sw.save(update_fields=["language"])
    leader = world.user("a", Role.COLLECTIVE_LEADER)
    leader.language = "bn"
    leader.save(update_fields=["language"])
    from saathi.core.testing import make_user

    make_user("a_social_worker_2", world.orgs["a"], Role.SOCIAL_WORKER)

    page = phone_browser.page()
    phone_browser.login(page, "a_social_worker", PASSWORD)
    page.goto(f"/wellbeing/members/{member.uuid}/")
    expect(page.locator("h1")).to_have_text("সুস্থতা ও ঘটনা")
    page.locator(f"a[href='/wellbeing/members/{member.uuid}/screenings/phq9/new/']").click()
    expect(page.locator("#english-items")).to_be_visible()  # no validated Bengali text held
    for i in range(1, 9):
        page.check(f"input[name=item_{i}][value='1']")
    page.check("input[name=item_9][value='1']")  # thoughts of self-harm: several days
    phone_browser.shot(page, "wellbeing-phq9-bn")
    submit(page)
    expect(page.locator("#safety")).to_be_visible()
    expect(page.locator("h1")).to_have_text("নিরাপত্তা পদক্ষেপ")
    phone_browser.shot(page, "wellbeing-safety-step-bn")
    screening = Screening.objects.get(member=member)
    assert (screening.total, screening.band, screening.risk) == (9, "mild", True)
    assert SafetyAlert.objects.filter(step__screening=screening).count() == 1
    page.fill("#id_plan", "Calls her sister; the collective office; helpline 14416.")
    submit(page)
    expect(page.locator(".messages")).to_contain_text("নিরাপত্তা পরিকল্পনা রাখা হয়েছে")
    # her agenda: the follow-up on top
    page.goto("/agenda/")
    expect(page.locator("ul.list li").first).to_contain_text(screening.reference)
    phone_browser.shot(page, "wellbeing-agenda-bn")

    # a referral to an ART centre
    page.goto(f"/wellbeing/members/{member.uuid}/referrals/new/")
    page.select_option("#id_service", "art_centre")
    page.fill("#id_provider", "ART centre, Krishnanagar District Hospital")
    page.fill("#id_reason", "Started on ART last month.")
    submit(page)
    expect(page.locator("#status")).to_have_text("প্রস্তাবিত")
    page.select_option("#id_to_status", "consented")
    submit(page)
    expect(page.locator("#status")).to_have_text("তিনি রাজি হয়েছেন")
    phone_browser.shot(page, "wellbeing-referral-bn")
    assert Referral.objects.get(member=member).status == "consented"

    # the leader records an eviction by a house owner: the facts only
    page2 = phone_browser.page()
    phone_browser.login(page2, "a_collective_leader", PASSWORD)
    page2.goto(f"/wellbeing/members/{member.uuid}/incidents/new/")
    expect(page2.locator("#id_details")).to_have_count(0)
    page2.select_option("#id_kind", "eviction")
    page2.select_option("#id_place", "home")
    page2.select_option("#id_perpetrator", "house_owner")
    page2.select_option("#id_reported_to", "collective")
    page2.fill("#id_occurred_on", screening.taken_on.strftime("%d/%m/%Y"))
    phone_browser.shot(page2, "wellbeing-incident-form-bn")
    submit(page2)
    expect(page2.locator("h1")).to_contain_text("ঘটনা")
    incident = Incident.objects.get(member=member)
    assert (incident.kind, incident.perpetrator) == ("eviction", "house_owner")
    assert "Calls her sister" not in page2.content()

    # the viewer's figures: one eviction is a small count, hidden everywhere
    page3 = phone_browser.page()
    phone_browser.login(page3, "a_viewer", PASSWORD)
    page3.goto("/wellbeing/figures/?measure=incident_perpetrator&by=collective")
    expect(page3.locator("#grand-total")).to_have_text(HIDDEN)
    expect(page3.locator("#figures")).not_to_contain_text("1")
    phone_browser.shot(page3, "wellbeing-figures-viewer")
