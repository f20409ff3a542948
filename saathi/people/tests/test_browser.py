"""The registry's main flows in Debian's Chromium, in a phone-sized window (360x740).

Screenshots of every step go to test-artifacts/screenshots/. Run alone with
``uv run pytest -q -m browser``.
"""

import re

import pytest
from playwright.sync_api import expect

from saathi.core.models import Consent
from saathi.core.testing import PASSWORD, build_world, register
from saathi.people.models import Member

pytestmark = pytest.mark.browser

MEMBER_LIST = "/registry/members/"
REGISTER = "/registry/members/new/"
PROFILE = re.compile(r".*/registry/members/[0-9a-f-]{36}/$")


def fill_registration(page, world, *, district="Nadia", phone=""):
    page.fill("#id_primary_name", "Shefali Naskar")
    page.fill("#id_native_name", "শেফালি নস্কর")
    page.select_option("#id_sex", "female")
    page.fill("#id_age", "34")
    page.select_option("#id_preferred_language", "bn")
    if phone:
        page.fill("#id_phone", phone)
    page.select_option("#id_state", "WB")
    page.fill("#id_district", district)
    page.fill("#id_village", "Ranaghat")
    page.select_option("#id_collective", str(world.collectives["a1"].uuid))
    page.select_option("#id_consent_method", "thumbprint")
    page.select_option("#id_consent_language", "bn")
    page.fill("#id_witness_name", "Mita Sarkar")


def submit_main_form(page):
    # the header's language switch buttons are submit buttons too: aim at the form in <main>
    page.locator("main form[method=post] button[type=submit]").last.click()


def field(page, input_id):
    """The .field block holding an input: its label, the input and its errors."""
    return page.locator(f"div.field:has(#{input_id})")


def test_flow1_register_in_bengali_then_find_her_in_latin(phone_browser):
    world = build_world()
    page = phone_browser.page()

    phone_browser.login(page, "a_facilitator", PASSWORD)
    expect(page.locator("nav.main")).to_be_visible()
    phone_browser.shot(page, "home")

    # the header's language switch
    page.locator("header.top form.lang button[value=bn]").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "bn")
    expect(page.locator("header.top button[value=bn]")).to_have_attribute("aria-current", "true")
    phone_browser.shot(page, "home-bengali")

    page.locator(f'nav.main a[href="{REGISTER}"]').click()
    page.wait_for_url(f"**{REGISTER}")
    expect(page.locator("html")).to_have_attribute("lang", "bn")
    phone_browser.shot(page, "register-empty")

    fill_registration(page, world)
    phone_browser.shot(page, "register-filled")
    submit_main_form(page)
    page.wait_for_url(PROFILE)

    member = Member.objects.get(display_name="Shefali Naskar")
    assert member.native_name == "শেফালি নস্কর"
    assert (member.state, member.district, member.preferred_language) == ("WB", "Nadia", "bn")
    assert member.primary_collective == world.collectives["a1"]
    consent = Consent.objects.get(member=member)
    assert consent.method == "thumbprint"
    assert page.url.endswith(f"/registry/members/{member.uuid}/")
    expect(page.locator("h1")).to_contain_text("Shefali Naskar")
    expect(page.locator("h1")).to_contain_text("শেফালি নস্কর")
    expect(page.locator("ul.messages")).to_contain_text(member.reference)
    expect(page.locator("html")).to_have_attribute("lang", "bn")
    phone_browser.shot(page, "profile-after-register")

    # search as you type, in Latin letters, for a name registered in Bengali script too
    page.locator(f'nav.main a[href="{MEMBER_LIST}"]').click()
    page.wait_for_url(f"**{MEMBER_LIST}")
    results = page.locator("#member-results")
    expect(results).to_contain_text("Lakshmi Das")
    phone_browser.shot(page, "member-list")

    page.evaluate("window.__sameDocument = true")
    with page.expect_response(
        lambda r: "/registry/members/?" in r.url and r.request.headers.get("hx-request") == "true"
    ) as htmx_response:
        page.locator("#id_q").press_sequentially("shefa", delay=40)
    assert htmx_response.value.status == 200
    expect(results.locator("a.name")).to_have_count(1)
    expect(results).to_contain_text("Shefali Naskar")
    expect(results).to_contain_text("শেফালি নস্কর")
    expect(results).not_to_contain_text("Lakshmi Das")
    assert page.evaluate("window.__sameDocument") is True, "the page reloaded instead of htmx"
    expect(page).to_have_url(re.compile(r"[?&]q=shefa"))  # hx-push-url: back button works
    phone_browser.shot(page, "member-search-shefa")

    # leaving the search box is not a search: a request fired by its blur would land
    # (and push its URL) while the tap on a result is navigating, and cancel the tap
    searches = []
    page.on("request", lambda r: searches.append(r.url) if r.headers.get("hx-request") else None)
    page.evaluate(
        "document.getElementById('id_q').dispatchEvent(new Event('change', {bubbles: true}))"
    )
    page.wait_for_timeout(500)
    assert searches == [], "a change on the search box searched again"

    results.get_by_role("link", name="Shefali Naskar").click()
    page.wait_for_url(f"**/registry/members/{member.uuid}/")
    expect(page.locator("h1")).to_contain_text("শেফালি নস্কর")
    phone_browser.shot(page, "profile-from-search")


def test_flow2_search_without_javascript(phone_browser):
    world = build_world()
    register(world, "a", "a1", "Shefali Naskar", "শেফালি নস্কর")
    page = phone_browser.page(javascript=False)

    phone_browser.login(page, "a_facilitator", PASSWORD)
    page.goto(MEMBER_LIST)
    expect(page.locator("#member-results a.name")).to_have_count(3)
    page.fill("#id_q", "sefali")
    phone_browser.shot(page, "member-list-typed")
    page.locator("main form[role=search] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/registry/members/\?.*q=sefali"))

    results = page.locator("#member-results")
    expect(results.locator("a.name")).to_have_count(1)
    expect(results).to_contain_text("Shefali Naskar")
    expect(results).not_to_contain_text("Lakshmi Das")
    expect(page.locator("#id_q")).to_have_value("sefali")
    phone_browser.shot(page, "member-search-results")

    results.get_by_role("link", name="Shefali Naskar").click()
    page.wait_for_url(PROFILE)
    expect(page.locator("h1")).to_contain_text("শেফালি নস্কর")
    phone_browser.shot(page, "profile")


def test_flow3_bad_registration_keeps_input(phone_browser):
    world = build_world()
    page = phone_browser.page()

    phone_browser.login(page, "a_facilitator", PASSWORD)
    page.goto(REGISTER)
    fill_registration(page, world, district="", phone="12345")
    submit_main_form(page)
    page.wait_for_load_state()

    assert page.url.endswith(REGISTER)
    assert not Member.objects.filter(display_name="Shefali Naskar").exists()
    expect(page.locator("main [role=alert]").first).to_be_visible()

    district = field(page, "id_district")
    expect(district).to_have_class(re.compile(r"\binvalid\b"))
    expect(district.locator(".errorlist")).to_contain_text("This field is required.")
    phone_field = field(page, "id_phone")
    expect(phone_field).to_have_class(re.compile(r"\binvalid\b"))
    expect(phone_field.locator(".errorlist")).to_contain_text("10-digit")
    expect(page.locator("#id_phone")).to_have_value("12345")
    expect(page.locator("#id_district")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("div.field.invalid")).to_have_count(2)

    # everything else she typed is still there
    expect(page.locator("#id_primary_name")).to_have_value("Shefali Naskar")
    expect(page.locator("#id_native_name")).to_have_value("শেফালি নস্কর")
    expect(page.locator("#id_sex")).to_have_value("female")
    expect(page.locator("#id_age")).to_have_value("34")
    expect(page.locator("#id_preferred_language")).to_have_value("bn")
    expect(page.locator("#id_state")).to_have_value("WB")
    expect(page.locator("#id_village")).to_have_value("Ranaghat")
    expect(page.locator("#id_collective")).to_have_value(str(world.collectives["a1"].uuid))
    expect(page.locator("#id_consent_method")).to_have_value("thumbprint")
    expect(page.locator("#id_consent_language")).to_have_value("bn")
    expect(page.locator("#id_witness_name")).to_have_value("Mita Sarkar")
    phone_browser.shot(page, "register-errors")
    district.scroll_into_view_if_needed()
    phone_browser.shot(page, "register-errors-district-on-screen", full_page=False)

    # correcting the two fields is enough
    page.fill("#id_district", "Nadia")
    page.fill("#id_phone", "98765 43211")
    submit_main_form(page)
    page.wait_for_url(PROFILE)
    expect(page.locator("h1")).to_contain_text("Shefali Naskar")
    phone_browser.shot(page, "register-corrected")


def test_flow4_leader_and_viewer_scopes(phone_browser):
    world = build_world()

    leader = phone_browser.page()
    phone_browser.login(leader, "a_collective_leader", PASSWORD)
    phone_browser.shot(leader, "leader-home")
    leader.locator(f'nav.main a[href="{MEMBER_LIST}"]').click()
    leader.wait_for_url(f"**{MEMBER_LIST}")
    results = leader.locator("#member-results")
    expect(results.locator("a.name")).to_have_count(1)
    expect(results).to_contain_text("Lakshmi Das")  # collective A One
    expect(results).not_to_contain_text("Rekha Mondal")  # A Two, same organisation
    expect(results).not_to_contain_text("Gollapudi Padma")  # another organisation
    phone_browser.shot(leader, "leader-members")
    response = leader.goto(f"/registry/members/{world.members['a2'].uuid}/")
    assert response.status == 404
    phone_browser.shot(leader, "leader-other-collective-404")

    viewer = phone_browser.page()
    phone_browser.login(viewer, "a_viewer", PASSWORD)
    nav = viewer.locator("nav.main")
    expect(nav).to_be_visible()
    expect(nav.locator(f'a[href="{MEMBER_LIST}"]')).to_have_count(0)
    expect(nav.locator(f'a[href="{REGISTER}"]')).to_have_count(0)
    expect(viewer.locator("main")).not_to_contain_text("Lakshmi Das")
    phone_browser.shot(viewer, "viewer-home")
    nav.locator('a[href="/reports/"]').click()
    viewer.wait_for_url("**/reports/")
    main = viewer.locator("main")
    expect(main.locator("h2").first).to_contain_text("*")  # 2 active members in Org A
    expect(main.locator("table td", has_text="*").first).to_be_visible()
    for name in ("Lakshmi Das", "Rekha Mondal", "লক্ষ্মী"):
        expect(main).not_to_contain_text(name)
    phone_browser.shot(viewer, "viewer-figures")
    response = viewer.goto(MEMBER_LIST)
    assert response.status == 403
    phone_browser.shot(viewer, "viewer-members-forbidden")
