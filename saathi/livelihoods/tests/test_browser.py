"""On a phone (360x740, without JavaScript): a facilitator in Bengali records a fruit-stall
grant paid by a campaign and finds it in the campaign's ledger, then a smartphone given to
a leader; a leader in Telugu marks ten members' second dose in a vaccination drive.
Screenshots: test-artifacts/screenshots/<test>-*."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from saathi.collectives.tests.factories import members
from saathi.core.policy import Role
from saathi.core.testing import PASSWORD, build_world
from saathi.funds.models import Expenditure
from saathi.livelihoods import services
from saathi.livelihoods.models import Device, HealthStep, Support

from .helpers import campaign

pytestmark = pytest.mark.browser


def submit(page):
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()


def _speaking(user, lang):
    user.language = lang
    user.save(update_fields=["language"])
    return user


def test_facilitator_in_bengali_records_a_grant_and_a_smartphone(phone_browser):
    world = build_world()
    fac = _speaking(world.user("a", Role.FACILITATOR), "bn")
    camp = campaign(world)
    leader = members(world, "a1", 1, role="leader")[0]
    member = world.members["a1"]
    page = phone_browser.page(javascript=False)
    phone_browser.login(page, fac.username, PASSWORD)

    page.goto(f"/registry/members/{member.uuid}/")
    page.get_by_role("link", name="জীবিকা ও স্বাস্থ্য").click()
    page.get_by_role("link", name="জীবিকা সহায়তা লিখুন").click()
    expect(page.locator("h1")).to_contain_text("জীবিকা সহায়তা লিখুন")
    page.select_option("#id_activity", "fruit_stall")
    page.select_option("#id_kind", "grant")
    page.fill("#id_amount", "8000")
    page.fill("#id_given_on", timezone.localdate().strftime("%d/%m/%Y"))
    page.select_option("#id_campaign", str(camp.pk))
    phone_browser.shot(page, "grant-form")
    submit(page)
    expect(page.locator("main")).to_contain_text("সহায়তা লেখা হয়েছে।")
    expect(page.locator("h1")).to_contain_text("ফল বা সবজির দোকান")
    phone_browser.shot(page, "grant-page")
    support = Support.objects.get()
    assert Expenditure.objects.get(pk=support.expenditure_id).amount == Decimal("8000.00")

    # the campaign's ledger shows it as spending, in Bengali
    page.get_by_role("link", name=camp.name).click()
    expect(page.locator("main")).to_contain_text(f"জীবিকা অনুদান {support.reference}")
    phone_browser.shot(page, "campaign-ledger")

    # a smartphone given to a leader of the collective
    page.goto("/livelihoods/devices/new/")
    page.select_option("#id_kind", "smartphone")
    page.fill("#id_model_name", "Redmi 9A")
    page.fill("#id_serial", "35 693803 564380 9")
    page.fill("#id_member_reference", leader.reference)
    page.fill("#id_given_on", timezone.localdate().strftime("%d/%m/%Y"))
    page.fill("#id_sim_provider", "Jio")
    renews = timezone.localdate() + timedelta(days=10)
    page.fill("#id_plan_renews_on", renews.strftime("%d/%m/%Y"))
    phone_browser.shot(page, "device-form")
    submit(page)
    expect(page.locator("main")).to_contain_text("যন্ত্র লেখা হয়েছে।")
    expect(page.locator("main")).to_contain_text("শেষে 3809")
    expect(page.locator("main")).not_to_contain_text("356938035643809")
    phone_browser.shot(page, "device-page")
    device = Device.objects.get()
    assert device.member == leader and device.collective == world.collectives["a1"]

    # the renewal is on her agenda
    page.goto("/agenda/")
    expect(page.locator("main")).to_contain_text(device.reference)


def test_leader_in_telugu_marks_ten_second_doses(phone_browser):
    world = build_world()
    leader = _speaking(world.user("a", Role.COLLECTIVE_LEADER), "te")
    people = members(world, "a1", 14)
    drive = services.drive_create(
        organisation=world.orgs["a"],
        data={
            "kind": "vaccination",
            "name": "కోవిడ్ టీకాలు",
            "collective": world.collectives["a1"],
            "target": 15,
            "target_date": timezone.localdate() + timedelta(days=30),
        },
        actor=world.user("a", Role.FACILITATOR),
    )
    services.steps_mark(
        drive=drive,
        members=people,
        step="first_dose",
        on=timezone.localdate() - timedelta(days=60),
        centre="UPHC",
        actor=world.user("a", Role.FACILITATOR),
    )
    page = phone_browser.page(javascript=False)
    phone_browser.login(page, leader.username, PASSWORD)
    page.get_by_role("link", name=re.compile("జీవనోపాధి, పరికరాలు")).click()
    page.get_by_role("link", name=re.compile("ఆరోగ్య కార్యక్రమాలు")).first.click()
    page.get_by_role("link", name="కోవిడ్ టీకాలు").click()
    expect(page.locator("main")).to_contain_text("15 మందిలో 0 సభ్యులను చేరాము (రెండో డోస్)")
    phone_browser.shot(page, "drive-before")
    page.get_by_role("link", name="నమోదు చేయండి: రెండో డోస్").click()
    page.fill("#id_on", timezone.localdate().strftime("%d/%m/%Y"))
    page.fill("#id_centre", "Guntur UPHC")
    for m in people[:10]:
        page.locator(f"input[name=member][value='{m.uuid}']").check()
    phone_browser.shot(page, "tick-ten")
    submit(page)
    expect(page.locator("main")).to_contain_text("10 సభ్యులు నమోదయ్యారు: రెండో డోస్.")
    expect(page.locator("main")).to_contain_text("15 మందిలో 10 సభ్యులను చేరాము")
    for m in people[10:]:
        expect(page.locator("main")).to_contain_text(m.native_name)
    phone_browser.shot(page, "drive-after")
    assert HealthStep.objects.filter(drive=drive, step="second_dose").count() == 10


def test_facilitator_in_bengali_sees_and_records_a_holders_digital_skills_training(
    phone_browser,
):
    from saathi.collectives import services as coll_services
    from saathi.collectives.models import Training

    world = build_world()
    fac = _speaking(world.user("a", Role.FACILITATOR), "bn")
    member = world.members["a1"]
    device = services.device_save(
        organisation=world.orgs["a"],
        data={"kind": "smartphone", "model_name": "Redmi 9A", "member": member,
              "given_on": timezone.localdate() - timedelta(days=20)},
        actor=fac,
    )  # fmt: skip
    training = coll_services.training_create(
        organisation=world.orgs["a"],
        collective=world.collectives["a1"],
        data={"title": "স্মার্টফোন ও জুম", "subject": "digital_skills", "sessions_required": 2},
        actor=fac,
    )
    coll_services.training_participant_add(training=training, data={"member": member}, actor=fac)
    page = phone_browser.page(javascript=False)
    phone_browser.login(page, fac.username, PASSWORD)

    page.goto(f"/livelihoods/devices/{device.uuid}/")
    expect(page.locator("main")).to_contain_text("ডিজিটাল দক্ষতা")
    expect(page.locator("main")).to_contain_text("স্মার্টফোন ও জুম")
    phone_browser.shot(page, "device-digital-skills")
    page.get_by_role("link", name="ডিজিটাল দক্ষতার প্রশিক্ষণ লিখুন").click()
    expect(page.locator("#id_subject")).to_have_value("digital_skills")
    expect(page.locator("#id_collective")).to_have_value(str(world.collectives["a1"].uuid))
    phone_browser.shot(page, "training-form-filled")
    submit(page)
    expect(page.locator("main")).to_contain_text("ডিজিটাল দক্ষতা: স্মার্টফোন, জুম, হোয়াটসঅ্যাপে নিরাপত্তা")
    assert Training.objects.filter(subject="digital_skills").count() == 2
