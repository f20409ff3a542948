"""Issue 11 in Debian's Chromium at 360x740: what a new user ran into, fixed.

Screenshots go to test-artifacts/screenshots/ (prefix: the test's name).
"""

import re

import pytest
from playwright.sync_api import expect

from saathi.core.testing import PASSWORD, build_world, register
from saathi.people.models import Member

from .test_browser import PROFILE, REGISTER, field, fill_registration, submit_main_form

pytestmark = pytest.mark.browser

LONG = "Mousumi" + "a" * 193  # 200 letters, no break


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_long_unbroken_name_never_widens_the_page(phone_browser):
    world = build_world()
    member = register(world, "a", "a1", LONG, "")
    page = phone_browser.page()
    phone_browser.login(page, "a_facilitator", PASSWORD)

    page.goto(f"/registry/members/{member.uuid}/")
    expect(page.locator("h1")).to_contain_text(LONG[:40])
    assert page_width(page) <= 360
    phone_browser.shot(page, "profile")

    page.goto("/registry/members/?q=mousumi")
    expect(page.locator("#member-results")).to_contain_text(LONG[:40])
    assert page_width(page) <= 360
    phone_browser.shot(page, "list")

    page.goto(REGISTER)
    fill_registration(page, world)
    page.fill("#id_primary_name", LONG)
    page.fill("#id_native_name", "")
    page.fill("#id_village", "")
    page.locator("#id_age").press("Tab")  # a change: the duplicate check runs
    expect(page.locator("#dup-warning")).to_contain_text(LONG[:40])
    assert page_width(page) <= 360
    register_button = page.locator("main form[method=post] button[type=submit]").last
    box = register_button.bounding_box()
    assert box and box["x"] + box["width"] <= 360
    phone_browser.shot(page, "duplicate-warning")


def test_registration_checks_script_and_age_against_birth_date(phone_browser):
    world = build_world()
    page = phone_browser.page()
    phone_browser.login(page, "a_facilitator", PASSWORD)
    page.goto(REGISTER)
    fill_registration(page, world)
    page.fill("#id_primary_name", "মৌসুমী মণ্ডল")
    page.fill("#id_native_name", "মৌসুমী মণ্ডল")
    page.fill("#id_birth_date", "01/01/1990")
    page.fill("#id_age", "50")
    submit_main_form(page)
    page.wait_for_load_state()
    assert page.url.endswith(REGISTER)
    name = field(page, "id_primary_name")
    expect(name).to_have_class(re.compile(r"\binvalid\b"))
    expect(name.locator(".errorlist")).to_contain_text("Latin letters (A to Z)")
    expect(field(page, "id_age").locator(".errorlist")).to_contain_text("not 50")
    expect(field(page, "id_birth_date").locator(".errorlist")).to_contain_text("does not agree")
    expect(page.locator("#id_birth_date")).to_have_value("01/01/1990")
    phone_browser.shot(page, "script-and-age-errors")

    page.fill("#id_primary_name", "Mousumi Mondal")
    page.fill("#id_age", "")
    submit_main_form(page)
    page.wait_for_url(PROFILE)
    member = Member.objects.get(display_name="Mousumi Mondal")
    expect(page.locator("h1")).to_contain_text("Mousumi Mondal · মৌসুমী মণ্ডল")
    expect(page.locator("main dl.facts")).to_contain_text("01/01/1990")
    assert member.native_name == "মৌসুমী মণ্ডল"
    phone_browser.shot(page, "profile-birth-date-dd-mm-yyyy")


def test_reveal_asks_for_a_reason_and_shows_in_who_accessed(phone_browser):
    world = build_world()
    member = world.members["a1"]
    page = phone_browser.page()
    phone_browser.login(page, "a_social_worker", PASSWORD)
    page.goto(f"/registry/members/{member.uuid}/")
    section = page.locator("section.confidential")
    expect(section.locator("input[name=reveal-reason]")).to_have_count(4)
    expect(section).not_to_contain_text("SECRET-OCCUPATION")
    section.scroll_into_view_if_needed()
    phone_browser.shot(page, "reveal-form", full_page=False)
    section.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("section.confidential .errorlist").first).to_be_visible()
    expect(page.locator("section.confidential")).not_to_contain_text("SECRET-OCCUPATION")
    page.locator("section.confidential").scroll_into_view_if_needed()
    phone_browser.shot(page, "reveal-without-reason", full_page=False)
    page.locator("input[name=reveal-reason][value=legal_case]").check()
    page.locator("section.confidential button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("section.confidential")).to_contain_text("SECRET-OCCUPATION")
    page.locator("section.confidential").scroll_into_view_if_needed()
    phone_browser.shot(page, "revealed", full_page=False)

    admin = phone_browser.page()
    phone_browser.login(admin, "a_org_admin", PASSWORD)
    admin.goto(f"/registry/members/{member.uuid}/access-log/")
    expect(admin.locator("main table")).to_contain_text("Legal case")
    phone_browser.shot(admin, "who-accessed")


def test_latin_search_finds_a_name_registered_only_in_bengali(phone_browser):
    world = build_world()
    register(world, "a", "a1", "মৌসুমী মণ্ডল", "")
    register(world, "a", "a1", "Rekha Mousumi", "")
    page = phone_browser.page()
    phone_browser.login(page, "a_facilitator", PASSWORD)
    page.goto("/registry/members/")
    results = page.locator("#member-results")
    with page.expect_response(lambda r: "q=mousumi" in r.url):
        page.locator("#id_q").press_sequentially("mousumi", delay=30)
    expect(results).to_contain_text("মৌসুমী মণ্ডল")
    expect(results).to_contain_text("Rekha Mousumi")
    expect(results).not_to_contain_text("Lakshmi Das")
    phone_browser.shot(page, "search-mousumi")
