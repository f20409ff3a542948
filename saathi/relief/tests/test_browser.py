"""Relief in Debian's Chromium at 360x740: a facilitator records a cash distribution that
the member acknowledges with the code sent to her phone, and the campaign's ledger shows
the money spent. Screenshots go to test-artifacts/screenshots/.
"""

import logging
import re

import pytest
from playwright.sync_api import expect

from saathi.core.testing import PASSWORD, build_world
from saathi.funds import services as funds_services
from saathi.funds.models import Expenditure
from saathi.relief import services
from saathi.relief.models import Distribution

from .helpers import days_ago, make_campaign, make_programme

pytestmark = pytest.mark.browser


class Outbox(logging.Handler):
    """What the log SMS backend sends, as the member's phone would receive it."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def sms_outbox():
    outbox = Outbox()
    logger = logging.getLogger("saathi.sms")
    logger.addHandler(outbox)
    yield outbox
    logger.removeHandler(outbox)


def test_cash_distribution_with_otp_shows_in_the_ledger(phone_browser, sms_outbox):
    world = build_world()
    campaign = make_campaign(world)
    funds_services.donation_record(
        campaign=campaign,
        data=funds_services.DonationInput(
            amount="2300000", received_on=days_ago(60), channel="crowdfunding"
        ),
        actor=world.user("a", "org_admin"),
    )
    programme = make_programme(world, campaign=campaign)
    page = phone_browser.page()
    phone_browser.login(page, "a_facilitator", PASSWORD)

    page.locator('a.task[href="/relief/"]').click()
    page.wait_for_url("**/relief/")
    expect(page.locator("main")).to_contain_text("₹23,00,000")
    phone_browser.shot(page, "relief-home")
    page.get_by_role("link", name="Lockdown relief").click()
    page.wait_for_url(f"**/relief/programmes/{programme.uuid}/")
    phone_browser.shot(page, "programme")

    page.get_by_role("link", name="Record a distribution").click()
    page.fill("#id_q", "lokkhi")  # her alias, spelt as it sounds
    page.locator("main form[role=search] button[type=submit]").click()
    expect(page.locator("#member-matches")).to_contain_text("Lakshmi Das")
    phone_browser.shot(page, "member-found")
    page.locator("#member-matches a.name", has_text="Lakshmi Das").click()

    page.select_option("#id_item", label="Cash support")
    page.select_option("#id_mode", "upi")
    page.fill("#id_place", "Ranaghat community hall")
    page.select_option("#id_ack_method", "otp")
    phone_browser.shot(page, "distribution-filled")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/relief/codes/[0-9a-f-]{36}/$"))
    expect(page.locator("main")).to_contain_text("ending in 10")
    phone_browser.shot(page, "code-sent")

    assert len(sms_outbox.messages) == 1
    message = sms_outbox.messages[0]
    assert "9876543210" not in message and message.startswith("SMS to ••••••••10")
    code = re.search(r"\b(\d{6})\b", message).group(1)

    page.fill("#id_code", "999999" if code != "999999" else "111111")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator("div.field.invalid")).to_contain_text("tries left")
    phone_browser.shot(page, "wrong-code")
    page.fill("#id_code", code)
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(f"**/relief/programmes/{programme.uuid}/")
    expect(page.locator("ul.messages")).to_contain_text("Distribution recorded")
    expect(page.locator("main")).to_contain_text("Code sent to her phone (OTP)")
    phone_browser.shot(page, "programme-after")

    d = Distribution.objects.get()
    assert d.ack_method == "otp" and d.mode == "upi" and d.place == "Ranaghat community hall"
    assert Expenditure.objects.get(distribution=d).campaign == campaign

    page.get_by_role("link", name=campaign.name).click()
    page.wait_for_url(f"**/funds/campaigns/{campaign.uuid}/")
    ledger = page.locator("#ledger")
    expect(ledger).to_contain_text("₹1,500")  # spent
    expect(ledger).to_contain_text("₹22,98,500")  # balance
    expect(page.locator("#expenditures")).to_contain_text("Distribution: Cash support")
    phone_browser.shot(page, "campaign-ledger")
    assert not phone_browser.errors, phone_browser.errors


def test_admin_sets_up_a_programme_and_a_list_in_bengali(phone_browser):
    from saathi.core import consent
    from saathi.relief.models import BeneficiaryList, Programme

    world = build_world()
    consent.consent_record(
        member=world.members["a1"],
        purpose="partner_sharing",
        method="thumbprint",
        language="bn",
        witness_name="Mita",
        partner_organisation="District Magistrate, Nadia",
        actor=world.user("a", "social_worker"),
    )
    page = phone_browser.page()
    phone_browser.login(page, "a_org_admin", PASSWORD)
    page.locator("header.top form.lang button[value=bn]").click()
    page.wait_for_load_state()
    page.goto("/relief/")
    expect(page.locator("h1")).to_have_text("ত্রাণ")
    page.get_by_role("link", name="নতুন কর্মসূচি").click()
    page.fill("#id_name", "Amphan cyclone relief")
    page.fill("#id_starts_on", days_ago(30).strftime("%d/%m/%Y"))
    page.fill("#id_ends_on", days_ago(40).strftime("%d/%m/%Y"))
    page.fill("#id_budget", "2,00,000")
    phone_browser.shot(page, "programme-form-bn")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator("div.field.invalid")).to_contain_text("শেষের তারিখ শুরুর আগে")
    expect(page.locator("#id_budget")).to_have_value("2,00,000")
    phone_browser.shot(page, "programme-form-error-bn")
    page.fill("#id_ends_on", "")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/relief/programmes/[0-9a-f-]{36}/$"))
    programme = Programme.objects.get(name="Amphan cyclone relief")
    assert programme.budget == 200000

    page.get_by_role("link", name="জিনিস যোগ করুন").click()
    page.select_option("#id_kind", "ration_kit")
    page.fill("#id_name", "চাল-ডালের কিট")
    page.fill("#id_unit_value", "850")
    page.fill("#id_planned_quantity", "300")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(f"**/relief/programmes/{programme.uuid}/")
    expect(page.locator("main")).to_contain_text("চাল-ডালের কিট")
    phone_browser.shot(page, "programme-bn")

    page.get_by_role("link", name="তালিকা তৈরি করুন").click()
    page.fill("#id_authority", "District Magistrate, Nadia")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/relief/lists/[0-9a-f-]{36}/$"))
    expect(page.locator("main")).to_contain_text("লক্ষ্মী দাস")
    expect(page.locator("main")).not_to_contain_text("রেখা মণ্ডল")  # not "সময়রেখা"
    blist = BeneficiaryList.objects.get()
    assert blist.matched == 1 and blist.left_out_no_consent == 1
    phone_browser.shot(page, "list-bn")
    page.locator("main button[value=pdf]").click()
    page.wait_for_url(re.compile(r".*/jobs/[0-9a-f-]{36}/$"))
    expect(page.locator("main")).to_contain_text(f"{blist.reference}.pdf")
    phone_browser.shot(page, "list-export-job-bn")
    assert not phone_browser.errors, phone_browser.errors


def test_viewer_sees_only_figures(phone_browser):
    world = build_world()
    programme = make_programme(world)
    services.distribution_record(
        data=services.DistributionInput(
            programme=programme,
            item=programme.items.get(name="Ration kit"),
            member=world.members["a1"],
            distributed_on=days_ago(1),
            mode="in_kind",
            handed_over_by="Mitali",
            ack_method="paper",
        ),
        actor=world.user("a", "facilitator"),
    )
    page = phone_browser.page()
    phone_browser.login(page, "a_viewer", PASSWORD)
    page.locator("a.task", has_text="Relief figures").click()
    page.wait_for_url("**/relief/figures/")
    expect(page.locator("main table").first).to_contain_text("* / 100")
    expect(page.locator("main")).not_to_contain_text("Lakshmi")
    phone_browser.shot(page, "figures")
    assert not phone_browser.errors, phone_browser.errors
