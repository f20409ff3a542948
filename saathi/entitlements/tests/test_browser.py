"""A facilitator takes members from "no ration card" to "card received", on a phone.

Starts a ration-card drive for a collective, moves one application to approved, prints its
Bengali letter, then records the card as received. Screenshots: test-artifacts/screenshots/.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from saathi.core.testing import PASSWORD, build_world
from saathi.entitlements.models import Application, LetterPrint
from saathi.people.models import IdentityDocument

from .factories import ensure_catalogue

pytestmark = pytest.mark.browser


def submit(page, form_selector="main form[method=post]"):
    page.locator(f"{form_selector} button[type=submit]").last.click()
    page.wait_for_load_state()


def test_ration_card_drive_to_card_received(phone_browser):
    world = build_world()
    ensure_catalogue()
    member = world.members["a1"]  # Lakshmi Das, collective A One, no ration card, Bengali
    page = phone_browser.page()
    phone_browser.login(page, "a_facilitator", PASSWORD)

    # home -> drives -> start a drive
    page.get_by_role("link", name=re.compile("Drives")).first.click()
    page.get_by_role("link", name="Start a drive").click()
    page.fill("#id_name", "Ration cards for every member of A One")
    page.select_option("#id_scheme", label="West Bengal digital ration card (Khadya Sathi)")
    page.select_option("#id_collective", label="A One")
    target = timezone.localdate() + timedelta(days=90)
    page.fill("#id_target_date", target.strftime("%d/%m/%Y"))
    phone_browser.shot(page, "drive-form")
    submit(page)
    expect(page.locator("h1")).to_have_text("Ration cards for every member of A One")
    # she has no ration card: ticked already
    box = page.locator(f"input[name=member][value='{member.uuid}']")
    expect(box).to_be_checked()
    phone_browser.shot(page, "drive-members")
    submit(page)
    expect(page.locator("#p-target")).to_have_text("1")
    expect(page.locator("#p-submitted")).to_have_text("0")
    phone_browser.shot(page, "drive-started")

    # open her application and move it: submitted, under verification, approved
    page.get_by_role("link", name="Lakshmi Das").click()
    expect(page.locator("#status")).to_have_text("Draft")
    page.select_option("#id_to_status", "submitted")
    page.fill("#id_authority_reference", "RC/2026/4411")
    submit(page, "main form[action$='/status/']")
    expect(page.locator("#status")).to_have_text("Submitted")
    for status, label in (("under_verification", "Under verification"), ("approved", "Approved")):
        page.select_option("#id_to_status", status)
        submit(page, "main form[action$='/status/']")
        expect(page.locator("#status")).to_have_text(label)
    phone_browser.shot(page, "application-approved")

    # print the Bengali letter (her preferred language is preselected)
    expect(page.locator("#id_language")).to_have_value("bn")
    with page.expect_response(re.compile(r".*/letter/$")) as response_info:
        page.locator("main form[action$='/letter/'] button[type=submit]").click()
    response = response_info.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert LetterPrint.objects.filter(language="bn").count() == 1

    # the card arrives
    app = Application.objects.get(member=member)
    page.goto(f"/entitlements/applications/{app.uuid}/")
    page.select_option("#id_to_status", "benefit_received")
    submit(page, "main form[action$='/status/']")
    expect(page.locator("#status")).to_have_text("Benefit received")
    phone_browser.shot(page, "card-received")
    assert IdentityDocument.objects.get(member=member, kind="ration_card").status == "held"
    steps = list(app.transitions.values_list("to_status", flat=True))
    assert steps == ["draft", "submitted", "under_verification", "approved", "benefit_received"]

    # the drive's progress follows
    page.goto(f"/entitlements/drives/{app.drive.uuid}/")
    expect(page.locator("#p-received")).to_have_text("1")
    phone_browser.shot(page, "drive-progress")

    # her page: eligibility with reasons, and the agenda
    page.goto(f"/entitlements/members/{member.uuid}/")
    phone_browser.shot(page, "member-entitlements")
    page.goto("/agenda/")
    phone_browser.shot(page, "agenda")

    # the same pages in Bengali
    page.goto(f"/entitlements/applications/{app.uuid}/")
    page.locator("header.top form.lang button[value=bn]").click()
    page.wait_for_load_state()
    expect(page.locator("#status")).to_have_text("সুবিধা পাওয়া গেছে")
    expect(page.locator("h1")).to_have_text("পশ্চিমবঙ্গ ডিজিটাল রেশন কার্ড (খাদ্যসাথী)")
    phone_browser.shot(page, "application-in-bengali")
