"""Errors in sight, in Debian's Chromium at 360x740 (issue 11, items 14, 15, 16, 21): a
refused form shows its summary at the top with the focus on it, each link takes the focus
to its field; the same without JavaScript. Screenshots in test-artifacts/screenshots/."""

import pytest
from playwright.sync_api import expect

from saathi.core.policy import Role
from saathi.core.testing import PASSWORD, build_world
from saathi.relief.surveys import services as survey_services
from saathi.relief.surveys.tests.xlsforms import food_form
from saathi.relief.tests.helpers import make_programme

pytestmark = pytest.mark.browser


def _distribute(page, programme, member):
    page.goto(
        f"/relief/programmes/{programme.uuid}/distribute/?member={member.uuid}",
        wait_until="domcontentloaded",
        timeout=30_000,
    )
    page.select_option("#id_item", label="Ration kit")
    page.select_option("#id_mode", "in_kind")
    page.fill("#id_place", "Ranaghat community hall")
    page.select_option("#id_ack_method", "paper")
    page.locator("main form[method=post] button[type=submit]").click()


def test_a_refused_repeat_distribution_is_summarised_at_the_top(phone_browser):
    world = build_world()
    programme = make_programme(world)
    member = world.members["a1"]
    page = phone_browser.page()
    phone_browser.login(page, "a_facilitator", PASSWORD)
    _distribute(page, programme, member)
    expect(page.locator("ul.messages")).to_contain_text("Distribution recorded")
    _distribute(page, programme, member)  # the same kit again: refused
    box = page.locator("#error-summary")
    expect(box).to_be_visible()
    expect(box).to_be_focused()
    expect(box).to_contain_text("already received this item")
    assert box.bounding_box()["y"] < 740  # on the first screen, not 1,300 px down
    phone_browser.shot(page, "summary-at-the-top", full_page=False)
    box.locator("a[href='#id_repeat_reason']").click()
    expect(page.locator("#id_repeat_reason")).to_be_focused()
    phone_browser.shot(page, "focus-at-the-field", full_page=False)

    # without JavaScript the summary is there all the same, with its links
    plain = phone_browser.page(javascript=False)
    phone_browser.login(plain, "a_facilitator", PASSWORD)
    _distribute(plain, programme, member)
    expect(plain.locator("#error-summary a[href='#id_repeat_reason']")).to_be_visible()
    phone_browser.shot(plain, "summary-without-javascript", full_page=False)


def test_a_refused_duplicate_registration_says_so(phone_browser):
    build_world()
    page = phone_browser.page()
    phone_browser.login(page, "a_facilitator", PASSWORD)
    page.goto("/registry/members/new/")
    page.fill("#id_primary_name", "Laxmi Dass")
    page.fill("#id_native_name", "লক্ষ্মী দাস")
    page.select_option("#id_sex", "female")
    page.fill("#id_age", "34")
    page.select_option("#id_state", "WB")
    page.select_option("#id_preferred_language", "bn")
    page.select_option("#id_consent_method", "signature")
    page.select_option("#id_consent_language", "bn")
    page.fill("#id_district", "Nadia")
    page.fill("#id_block", "Ranaghat II")
    page.fill("#id_village", "Aistala")
    page.locator("main form[method=post] button[type=submit]").last.click()
    box = page.locator("#error-summary")
    expect(box).to_contain_text("She may already be registered")
    expect(box).to_be_focused()
    phone_browser.shot(page, "duplicate-refused", full_page=False)
    box.locator("a[href='#dup-warning']").click()
    expect(page.locator("#dup-warning")).to_be_in_viewport()
    phone_browser.shot(page, "duplicate-warning", full_page=False)


def test_the_survey_form_says_every_error_at_once_and_rules_in_words(phone_browser):
    world = build_world()
    version = survey_services.survey_upload(
        organisation=world.orgs["a"],
        data=food_form(),
        file_name="food.xlsx",
        actor=world.user("a", Role.ORG_ADMIN),
    )
    page = phone_browser.page()
    phone_browser.login(page, "a_social_worker", PASSWORD)
    page.goto(f"/surveys/{version.survey.uuid}/")
    expect(page.locator("main")).to_contain_text("more than 0 and at most 20")
    expect(page.locator("main")).not_to_contain_text(". > 0")
    phone_browser.shot(page, "rules-in-words")
    page.goto(f"/surveys/{version.survey.uuid}/fill/")
    page.fill("#id_m-district", "")
    page.fill("#q_members", "40")
    page.fill("#q_visited", "2030-01-01")
    page.locator("main form[method=post] button[type=submit]").click()
    box = page.locator("#error-summary")
    expect(box.locator("a[href='#id_m-district']")).to_be_visible()
    expect(box.locator("a[href='#q_members']")).to_be_visible()
    expect(box).to_contain_text("in the future")
    phone_browser.shot(page, "all-errors-at-once", full_page=False)
