"""On a phone (360x740): a member signs in in Telugu, sees who looked at her record and
withdraws her media consent; a facilitator then sees it withdrawn; an admin approves an
erasure and the member is gone from search. Screenshots: test-artifacts/screenshots/."""

import re

import pytest
from playwright.sync_api import expect

from saathi.core import confidential, consent
from saathi.core.models import Consent
from saathi.core.policy import Role
from saathi.core.testing import PASSWORD, build_world
from saathi.people import services as people_services
from saathi.rights import services

pytestmark = pytest.mark.browser
SENT: list[tuple[str, str]] = []


class RecordingBackend:
    def send(self, phone: str, message: str) -> None:
        SENT.append((phone, message))


def test_member_in_telugu_sees_who_looked_and_withdraws_media_consent(phone_browser, settings):
    settings.SAATHI_SMS_BACKEND = f"{__name__}.RecordingBackend"
    SENT.clear()
    world = build_world()
    padma = world.members["b1"]
    sw = world.user("b", Role.SOCIAL_WORKER)
    people_services.member_add_phone(member=padma, raw="9123456780", shared=False, actor=sw)
    media = consent.consent_record(
        member=padma, purpose="media", method="signature", language="te", actor=sw
    )
    confidential.reveal(sw, padma, ["occupation"])  # somebody looked at her record

    page = phone_browser.page(javascript=False)
    page.goto("/me/sign-in/")
    page.get_by_role("button", name="తెలుగు").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text("నా పేజీ")
    page.fill("#id_phone", "91234 56780")
    phone_browser.shot(page, "sign-in")
    page.get_by_role("button", name="నాకు కోడ్ పంపండి").click()
    page.wait_for_load_state()
    code = re.search(r"\b(\d{6})\b", SENT[-1][1]).group(1)
    assert "పద్మ" not in SENT[-1][1] and "Padma" not in SENT[-1][1]
    page.fill("#id_code", code)
    page.fill("#id_pin", "1357")
    page.fill("#id_pin_again", "1357")
    phone_browser.shot(page, "code-and-pin")
    page.get_by_role("button", name="నా పేజీ తెరవండి").click()
    page.wait_for_load_state()
    main = page.locator("main")
    expect(main).to_contain_text("నా రికార్డును ఎవరు చూశారు")
    expect(main).to_contain_text("Org B")
    expect(page).to_have_title(re.compile("^నా పేజీ · Saathi$"))
    phone_browser.shot(page, "her-page")
    buttons = main.get_by_role("button", name="ఉపసంహరించండి")
    before = buttons.count()
    buttons.first.click()  # the newest consent first: media
    page.wait_for_load_state()
    expect(main.get_by_role("button", name="ఉపసంహరించండి")).to_have_count(before - 1)
    phone_browser.shot(page, "consent-withdrawn")
    assert Consent.objects.get(pk=media.pk).withdrawn_at is not None

    # the facilitator sees it withdrawn on her consent page
    staff = phone_browser.page(javascript=False)
    phone_browser.login(staff, world.user("b", Role.FACILITATOR).username, PASSWORD)
    staff.goto(f"/registry/members/{padma.uuid}/consent/")
    expect(staff.locator("main")).to_contain_text("withdrawn")
    phone_browser.shot(staff, "facilitator-sees-withdrawn")

    # quick exit: one tap, her page is gone from the browser's session
    page.goto("/me/")
    page.route("https://www.google.com/**", lambda route: route.fulfill(body="ok"))
    page.get_by_role("link", name="వెంటనే వెళ్ళిపోండి").click()
    page.goto("/me/")
    expect(page).to_have_url(re.compile("/me/sign-in/$"))


def test_admin_approves_an_erasure_and_she_is_gone_from_search(phone_browser):
    world = build_world()
    rekha = world.members["a2"]
    req = services.request_record(
        member=rekha,
        kind="erasure",
        verification="in_person_document",
        language="bn",
        details="Erase me",
        actor=world.user("a", Role.SOCIAL_WORKER),
    )
    page = phone_browser.page(javascript=False)
    phone_browser.login(page, world.user("a", Role.ORG_ADMIN).username, PASSWORD)
    page.goto("/registry/members/?q=Rekha")
    expect(page.locator("main")).to_contain_text("Rekha Mondal")
    page.goto(f"/rights/{req.uuid}/")
    phone_browser.shot(page, "erasure-request")
    page.get_by_role("button", name="Approve the erasure").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Erased")
    phone_browser.shot(page, "erased")
    page.goto("/registry/members/?q=Rekha")
    expect(page.locator("main")).not_to_contain_text("Rekha")
    phone_browser.shot(page, "gone-from-search")


def test_admin_records_a_breach_and_notifies_on_a_phone(phone_browser, settings):
    """Without JavaScript, 360 px wide, in Bengali: an unknown reference is named at the
    field with everything typed kept; the breach is recorded and its members notified."""
    settings.SAATHI_SMS_BACKEND = f"{__name__}.RecordingBackend"
    SENT.clear()
    world = build_world()
    page = phone_browser.page(javascript=False)
    phone_browser.login(page, world.user("a", Role.ORG_ADMIN).username, PASSWORD)
    page.goto("/")
    page.get_by_role("button", name="বাংলা").click()
    page.wait_for_load_state()
    page.get_by_role("link", name=re.compile("তথ্য ফাঁসের খাতা")).first.click()
    page.wait_for_load_state()
    page.goto("/rights/breaches/new/")
    page.fill("#id_detected_at", "2026-01-05T10:30")
    page.fill("#id_occurred", "Basirhat office")
    page.fill("#id_nature", "A phone with the list was lost")
    page.fill("#id_consequences", "Phone numbers known")
    page.fill("#id_mitigation", "Accounts locked")
    page.fill("#id_member_steps", "Call us")
    page.fill("#id_contact", "98300 00000")
    refs = f"{world.members['a1'].reference}, MEM-1999-999999"
    page.fill("#id_member_references", refs)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    main = page.locator("main")
    expect(main).to_contain_text("MEM-1999-999999")
    expect(page.locator("#id_nature")).to_have_value("A phone with the list was lost")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_browser.shot(page, "breach-unknown-reference")
    page.fill("#id_member_references", world.members["a1"].reference)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    expect(main).to_contain_text("Basirhat office")
    expect(main).to_contain_text("বোর্ডের রিপোর্টের সময় পেরিয়ে গেছে")  # January: overdue
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_browser.shot(page, "breach-recorded")
    page.locator("form[action$='/notify/'] button").click()
    page.wait_for_load_state()
    expect(main).to_contain_text("1 জন ক্ষতিগ্রস্ত সদস্যের মধ্যে 1 জনকে পাঠানো হয়েছে")
    phone_browser.shot(page, "breach-notified")
    assert len(SENT) == 1
