"""A facilitator, on a phone (360x740), imports a relief list, has it compared with the
collective's register, reviews three doubtful pairs and merges one.

Runs the real matching engine; the threshold is set to 1 so that every pair short of
certainty is put to her. Screenshots go to test-artifacts/screenshots/.
"""

import re

import pytest
from playwright.sync_api import expect

from saathi.core.policy import Role
from saathi.core.testing import PASSWORD, build_world
from saathi.linkage import services
from saathi.linkage.imports import read_list
from saathi.linkage.models import PairDecision, SourceRecord

pytestmark = pytest.mark.browser

HEADER = "record_id,source,given_name,family_name,relative_name,sex,age,phone,id_last4,village,district,state\n"
REGISTER = HEADER + (
    "C1,register,Lakshmi,Das,Gopal Das,F,34,9876543210,4321,Ranaghat,Nadia,West Bengal\n"
    "C2,register,Rekha,Mondal,Sunil Mondal,F,28,9123456780,,Chakdaha,Nadia,West Bengal\n"
    "C3,register,Fatema,Khatun,Rafiq Sk,F,41,,,Haringhata,Nadia,West Bengal\n"
    "C4,register,Purnima,Biswas,Ratan Biswas,F,52,9000011111,,Santipur,Nadia,West Bengal\n"
    "C5,register,Anjali,Sarkar,Bimal Sarkar,F,23,9830098300,,Kalyani,Nadia,West Bengal\n"
)
RELIEF = HEADER + (
    "R1,relief,Lokkhi,Das,,F,,,,,Nadia,WB\n"
    "R2,relief,Rekha,Mandal,,,,,,,Nadia,\n"
    "R3,relief,Fatema,Khatoon,,F,45,,,,Nadia,WB\n"
    "R4,relief,Purnima,Biswas,Ratan Biswas,F,52,9000011111,,Santipur,Nadia,WB\n"
    "R5,relief,Anjoli,Sorkar,,F,,,,Kalyani,,\n"
    "R6,relief,Mina,,,F,abc,,,,,\n"
)


def submit(page):
    # starting a run links the lists inside the request (the immediate task backend): on a
    # loaded machine Splink's first run alone can take longer than the default 10 s
    page.locator("main form[method=post] button[type=submit]").last.click(timeout=90_000)


def test_facilitator_imports_reviews_three_pairs_and_merges_one(phone_browser, tmp_path):
    world = build_world()
    services.list_import(
        organisation=world.orgs["a"],
        collective=world.collectives["a1"],
        name="A One register",
        read=read_list(REGISTER.encode()),
        file_name="register.csv",
        actor=world.user("a", Role.FACILITATOR),
    )
    relief_file = tmp_path / "relief-nadia.csv"
    relief_file.write_text(RELIEF, encoding="utf-8")
    page = phone_browser.page()
    phone_browser.login(page, "a_facilitator", PASSWORD)
    page.get_by_role("link", name=re.compile("One clean list from many")).click()
    expect(page.locator("h1")).to_have_text("Beneficiary lists")
    phone_browser.shot(page, "lists")

    page.get_by_role("link", name="Import a list").click()
    page.fill("#id_name", "Relief list Nadia")
    page.select_option("#id_collective", str(world.collectives["a1"].uuid))
    page.set_input_files("#id_file", str(relief_file))
    phone_browser.shot(page, "import-form")
    submit(page)
    expect(page.locator("#job-status")).to_contain_text("Finished")
    expect(page.locator("#job-status")).to_contain_text("age ignored")  # line 7, kept
    phone_browser.shot(page, "import-done")
    page.get_by_role("link", name="Continue").click()

    page.get_by_role("link", name="Find duplicates").first.click()
    for label in ("A One register", "Relief list Nadia"):
        page.get_by_role("checkbox", name=re.compile("^" + label)).check()
    page.fill("#id_threshold", "1")
    phone_browser.shot(page, "run-form")
    submit(page)
    expect(page.locator("#job-status")).to_contain_text("Finished")
    page.get_by_role("link", name="Continue").click()
    expect(page.locator("h1")).to_contain_text("Run")
    phone_browser.shot(page, "run")
    page.get_by_role("link", name="Review doubtful pairs").click()
    cards = page.locator("article.pair")
    assert cards.count() >= 3
    phone_browser.shot(page, "review")
    # no horizontal scrolling on a 360 px screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    first = cards.first
    uuid_first = first.get_attribute("id").removeprefix("pair-")
    first.get_by_role("button", name="Same person: merge").click()
    expect(page.locator(".messages")).to_contain_text("will not be asked again")
    phone_browser.shot(page, "after-merge")
    page.locator("article.pair").first.get_by_role("button", name="Different people").click()
    expect(page.locator(".messages")).to_be_visible()
    page.locator("article.pair").first.get_by_role("button", name="Unsure").click()
    expect(page.locator(".messages")).to_be_visible()
    phone_browser.shot(page, "after-three")

    decisions = {d.pair.uuid.hex: d.decision for d in PairDecision.objects.select_related("pair")}
    assert sorted(decisions.values()) == ["different", "same", "unsure"]
    assert decisions[uuid_first.replace("-", "")] == "same"
    merged = PairDecision.objects.get(decision="same").pair
    assert merged.left.beneficiary_id is not None
    left = SourceRecord.objects.get(pk=merged.left_id)
    right = SourceRecord.objects.get(pk=merged.right_id)
    assert left.beneficiary_id == right.beneficiary_id
    assert SourceRecord.objects.count() == 11  # every row kept, the bad age dropped

    page.get_by_role("link", name="Decided").click()
    expect(page.locator("article.pair")).to_have_count(2)
    phone_browser.shot(page, "decided")


def test_registration_warns_live_of_a_duplicate_in_another_script(phone_browser):
    from saathi.people.models import Member

    world = build_world()
    page = phone_browser.page()
    phone_browser.login(page, "a_facilitator", PASSWORD)
    page.goto("/registry/members/new/")
    page.fill("#id_primary_name", "Laxmi Dass")
    page.fill("#id_native_name", "লক্ষ্মী দাস")
    page.locator("#id_native_name").blur()
    warning = page.locator("#dup-warning")
    expect(warning).to_contain_text("She may already be registered")  # live, before submitting
    expect(warning).to_contain_text(world.members["a1"].reference)
    phone_browser.shot(page, "live-warning", full_page=False)
    page.select_option("#id_sex", "female")
    page.fill("#id_age", "35")
    page.select_option("#id_preferred_language", "bn")
    page.select_option("#id_state", "WB")
    page.fill("#id_district", "Nadia")
    page.fill("#id_village", "Aistala")
    page.select_option("#id_collective", str(world.collectives["a1"].uuid))
    page.select_option("#id_consent_method", "signature")
    page.select_option("#id_consent_language", "bn")
    before = Member.objects.count()
    page.locator("main form[method=post] button[type=submit]").last.click()
    expect(page.locator("#dup-warning")).to_contain_text("This is a different person")
    assert Member.objects.count() == before
    expect(page.locator("#id_village")).to_have_value("Aistala")  # nothing lost
    phone_browser.shot(page, "warning-after-submit")
    page.get_by_label("This is a different person").check()
    page.locator("main form[method=post] button[type=submit]").last.click()
    expect(page.locator(".messages")).to_contain_text("Member registered")
    assert Member.objects.count() == before + 1
