"""A facilitator opens her agenda on a phone, chooses SMS reminders, and makes a calendar
link. Screenshots: test-artifacts/screenshots/."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from saathi.core.models import ReminderSettings
from saathi.core.testing import PASSWORD, build_world
from saathi.entitlements import services
from saathi.entitlements.tests.factories import ensure_catalogue, scheme

pytestmark = pytest.mark.browser


def test_agenda_reminders_and_calendar_link(phone_browser):
    world = build_world()
    ensure_catalogue()
    user = world.user("a", "facilitator")
    today = timezone.localdate()
    late = services.application_start(
        member=world.members["a1"], scheme=scheme("pmjdy_account", world.orgs["a"]),
        actor=user, next_follow_up=today - timedelta(days=2), office="Bank of India, Ranaghat",
    )  # fmt: skip
    soon = services.application_start(
        member=world.members["a2"], scheme=scheme("pmjdy_account", world.orgs["a"]),
        actor=user, next_follow_up=today + timedelta(days=3),
    )  # fmt: skip
    page = phone_browser.page()
    phone_browser.login(page, "a_facilitator", PASSWORD)
    page.get_by_role("link", name="My agenda").first.click()
    expect(page.locator("h1")).to_have_text("My agenda")
    items = page.locator("ul.list > li")
    expect(items.nth(0)).to_contain_text(late.reference)
    expect(items.nth(0)).to_contain_text("2 days overdue")
    expect(items.nth(1)).to_contain_text(soon.reference)
    phone_browser.shot(page, "agenda")

    page.get_by_role("link", name="My reminders").click()
    page.get_by_label("Text message (SMS)").check()
    page.fill("#id_phone", "12345")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".errorlist")).to_contain_text("10-digit Indian mobile number")
    expect(page.locator("#id_phone")).to_have_value("12345")
    phone_browser.shot(page, "reminders-error")
    page.fill("#id_phone", "98300 12345")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("body")).to_contain_text("Your reminder choices are saved.")
    phone_browser.shot(page, "reminders-saved")
    assert ReminderSettings.objects.get(user=user).channel == "sms"

    page.get_by_role("link", name="Back to my agenda").click()
    page.get_by_role("link", name="In my phone's calendar").click()
    page.get_by_role("button", name="Make a link").click()
    expect(page.locator("#feed-url")).to_contain_text("/agenda/calendar.ics?key=cal_")
    phone_browser.shot(page, "calendar-link")
