"""An organisation admin manages users in the app; the new user works in Telugu. 360x740."""

import pytest
from playwright.sync_api import expect

from saathi.core.models import AuditEvent
from saathi.core.testing import PASSWORD, build_world

pytestmark = pytest.mark.browser


def submit_main_form(page):
    page.locator("main form[method=post] button[type=submit]").last.click()


def test_admin_creates_a_leader_who_then_works_in_telugu(phone_browser):
    world = build_world()
    page = phone_browser.page()
    phone_browser.login(page, "a_org_admin", PASSWORD)
    page.click("nav.main >> text=Users")
    expect(page.locator("h1")).to_have_text("Users and roles")
    page.click("text=Create a user")
    page.fill("#id_username", "padma.leader")
    page.fill("#id_first_name", "Padma")
    page.select_option("#id_language", "te")
    page.fill("#id_password", "short")
    page.select_option("#id_role", "collective_leader")
    page.select_option("#id_collective", str(world.collectives["a1"].uuid))
    submit_main_form(page)
    # a bad password is refused at its field; what she typed is kept
    expect(page.locator("div.field.invalid:has(#id_password)")).to_be_visible()
    expect(page.locator("#id_username")).to_have_value("padma.leader")
    phone_browser.shot(page, "bad-password")
    page.fill("#id_password", "a-long-first-passphrase")
    submit_main_form(page)
    expect(page.locator("h1")).to_have_text("Padma")
    expect(page.locator("main")).to_contain_text("Collective leader")
    phone_browser.shot(page, "created")

    leader = phone_browser.page()
    phone_browser.login(leader, "padma.leader", "a-long-first-passphrase")
    expect(leader.locator("html")).to_have_attribute("lang", "te")
    expect(leader.locator("nav.main")).to_contain_text("సభ్యులు")
    leader.goto("/registry/members/")
    expect(leader.locator("#member-results")).to_contain_text("Lakshmi Das")
    expect(leader.locator("#member-results")).not_to_contain_text("Rekha Mondal")
    phone_browser.shot(leader, "leader-telugu")

    # the admin revokes the role: the leader's next page is refused
    page.locator("main form[action*='/revoke/'] button").first.click()
    expect(page.locator("main")).to_contain_text("Role revoked")
    response = leader.goto("/registry/members/")
    assert response.status == 403
    expect(leader.locator("main")).not_to_contain_text("Lakshmi Das")
    phone_browser.shot(leader, "after-revoke")
    assert AuditEvent.objects.filter(action="revoke").exists()
