"""On a phone (360x740, no JavaScript needed): a facilitator records a TV interview with
two leaders, one named and one only blurred; the second withdraws and publishing is
refused until she agrees again. A leader in Telugu records a memorandum to the District
Collector, then the government order that answered it, and prints the campaign's
timeline. Screenshots: test-artifacts/screenshots/<test>-*."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from saathi.advocacy import services
from saathi.advocacy.models import AdvocacyAction, Engagement, IdentityConsent, Outcome
from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.core.testing import PASSWORD, build_world, register

pytestmark = pytest.mark.browser


def submit(page, name=None):
    if name:
        page.get_by_role("button", name=name).click()
    else:
        page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()


def _consent(page, *, name, face, voice, method="signature", witness=""):
    page.check(f"input[name=name_shown][value={name}]")
    page.check(f"input[name=face][value={face}]")
    page.check(f"input[name=voice][value={voice}]")
    page.check(f"input[name=method][value={method}]")
    if witness:
        page.fill("#id_witness_name", witness)


def test_tv_interview_two_leaders_one_withdraws(phone_browser):
    world = build_world()
    facilitator = world.user("a", Role.FACILITATOR)
    services.outlet_create(
        organisation=world.orgs["a"],
        data={"name": "Khabar Bangla TV", "kind": "tv", "language": "bn"},
        actor=facilitator,
    )
    lakshmi = world.members["a1"]
    rekha = register(world, "a", "a1", "Rekha Sardar", "রেখা সর্দার")
    page = phone_browser.page(javascript=False)
    phone_browser.login(page, facilitator.username, PASSWORD)

    page.goto("/advocacy/")
    page.get_by_role("link", name=re.compile("^Media engagements")).click()
    page.get_by_role("link", name="Record a media engagement").click()
    page.get_by_role("link", name="এক").click()  # collective A1 (its name in Bengali)
    page.select_option("#id_kind", "interview")
    page.select_option("#id_outlet", label="Khabar Bangla TV")
    page.fill("#id_topic", "Women without ration cards")
    page.fill("#id_briefing_on", "01/12/2026")
    phone_browser.shot(page, "engagement-form")
    submit(page)
    expect(page.locator("h1")).to_have_text("Women without ration cards")
    engagement = Engagement.objects.get()

    for member, terms in (
        (lakshmi, {"name": "real", "face": "shown", "voice": "own"}),
        (rekha, {"name": "none", "face": "blurred", "voice": "altered", "method": "thumbprint",
                 "witness": "Mitali Ghosh"}),
    ):  # fmt: skip
        page.get_by_role("link", name="Add who takes part").click()
        page.select_option("#id_member", label=f"{member.native_name} ({member.display_name})")
        page.check("input[name=role][value=leader]")
        submit(page)
        expect(page.locator("h1")).to_have_text("What may be shown of her")
        _consent(page, **terms)
        if member == rekha:
            phone_browser.shot(page, "consent-blurred")
        submit(page)
    # both review the piece before it goes out
    for p in engagement.participants.order_by("id"):
        page.locator(f"#p-{p.uuid}").get_by_role("link", name="She reviewed the piece").click()
        page.check("input[name=review_how][value=saw]")
        submit(page)
    expect(page.locator("main")).not_to_contain_text("It cannot be published yet")
    phone_browser.shot(page, "both-agreed")

    # Rekha withdraws: nothing of her may be shown, publishing is refused
    second = engagement.participants.get(member=rekha)
    page.locator(f"#p-{second.uuid}").get_by_role(
        "button", name="She withdraws her consent"
    ).click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("no consent: nothing of her may be shown")
    expect(page.locator("main")).to_contain_text("রেখা সর্দার: her consent is missing")
    page.get_by_role("link", name="Mark published").click()
    page.fill("#id_published_link", "https://example.org/khabar/rations")
    page.fill("#id_reach", "250000")
    submit(page)
    expect(page.locator("main")).to_contain_text("It cannot be published yet")
    expect(page.locator("#id_published_link")).to_have_value("https://example.org/khabar/rations")
    phone_browser.shot(page, "publish-refused")
    engagement.refresh_from_db()
    assert engagement.status == "planned"

    # she agrees again (only blurred), reviews the piece: now it may be published
    page.get_by_role("link", name="Cancel").click()
    page.locator(f"#p-{second.uuid}").get_by_role("link", name="Record her consent").click()
    _consent(page, name="none", face="blurred", voice="altered")
    submit(page)
    page.locator(f"#p-{second.uuid}").get_by_role("link", name="She reviewed the piece").click()
    page.check("input[name=review_how][value=heard]")
    submit(page)
    page.get_by_role("link", name="Mark published").click()
    page.fill("#id_published_link", "https://example.org/khabar/rations")
    submit(page)
    expect(page.locator("main")).to_contain_text("Marked published.")
    phone_browser.shot(page, "published")
    engagement.refresh_from_db()
    assert engagement.status == "published"
    mine = IdentityConsent.objects.filter(participant=second).order_by("given_at")
    assert [c.withdrawal_reason for c in mine] == ["her_wish", ""]
    assert mine.last().face == "blurred"


def test_leader_in_telugu_memorandum_to_collector_then_the_order(phone_browser):
    from saathi.collectives import services as col
    from saathi.core.tests.browser import SCREENSHOTS

    world = build_world()
    leader = world.user("b", Role.COLLECTIVE_LEADER)
    leader.language = "te"
    leader.save(update_fields=["language"])
    col.duty_bearer_create(
        organisation=world.orgs["b"],
        data={
            "title": "District Collector",
            "office": "Collectorate, Guntur",
            "level": "district",
            "state": "AP",
            "district": "Guntur",
        },
        actor=world.user("b", Role.FACILITATOR),
    )
    page = phone_browser.page(javascript=False)
    phone_browser.login(page, leader.username, PASSWORD)

    # home -> Media and advocacy -> a campaign for her demand
    page.get_by_role("link", name=re.compile("మీడియా మరియు అడ్వకసీ")).first.click()
    page.get_by_role("link", name=re.compile("^ప్రచారాలు")).click()
    page.get_by_role("link", name="ప్రచారం ప్రారంభించండి").click()
    page.fill("#id_title", "ప్రకాశంలో ప్రతి సెక్స్ వర్కర్‌కు రేషన్")
    submit(page)
    expect(page.locator("h1")).to_have_text("ప్రకాశంలో ప్రతి సెక్స్ వర్కర్‌కు రేషన్")

    # the memorandum to the District Collector
    page.goto("/advocacy/")
    page.get_by_role("link", name=re.compile("^అడ్వకసీ చర్యలు")).click()
    page.get_by_role("link", name="అడ్వకసీ చర్యను నమోదు చేయండి").click()
    page.select_option("#id_kind", "memorandum")
    page.fill("#id_title", "రేషన్ కోసం వినతిపత్రం")
    page.fill("#id_demand", "రేషన్ కార్డు లేని ప్రతి సెక్స్ వర్కర్‌కు రేషన్ ఇవ్వాలి.")
    page.get_by_label("District Collector, Collectorate, Guntur").check()
    page.fill("#id_others_count", "25")
    page.select_option("#id_campaign", label="ప్రకాశంలో ప్రతి సెక్స్ వర్కర్‌కు రేషన్")
    phone_browser.shot(page, "memorandum-form")
    submit(page)
    expect(page.locator("h1")).to_have_text("రేషన్ కోసం వినతిపత్రం")
    action = AdvocacyAction.objects.get()
    assert action.created_by == leader and action.collective == world.collectives["b1"]

    # later: the government order that answered it
    page.get_by_role("link", name="సాధించిన మార్పును నమోదు చేయండి").click()
    page.select_option("#id_kind", "government_order")
    page.fill("#id_title", "రేషన్ కార్డు లేకుండా రేషన్: కలెక్టర్ ఉత్తర్వు")
    page.fill("#id_evidence_reference", "Rc. No. 2245/CS/2026")
    page.fill("#id_reach_count", "380")
    page.select_option("#id_campaign", label="ప్రకాశంలో ప్రతి సెక్స్ వర్కర్‌కు రేషన్")
    page.get_by_label("రేషన్ కోసం వినతిపత్రం").check()
    submit(page)
    expect(page.locator("h1")).to_have_text("రేషన్ కార్డు లేకుండా రేషన్: కలెక్టర్ ఉత్తర్వు")
    phone_browser.shot(page, "outcome")
    assert Outcome.objects.get().actions.get() == action

    # the campaign's timeline, and its PDF in Telugu
    page.get_by_role("link", name="ప్రకాశంలో ప్రతి సెక్స్ వర్కర్‌కు రేషన్").click()
    expect(page.locator("main")).to_contain_text("Rc. No. 2245/CS/2026")
    phone_browser.shot(page, "timeline")
    page.get_by_role("link", name="కాలక్రమాన్ని ముద్రించండి").click()
    token = page.locator("#content input[name=csrfmiddlewaretoken]").first.input_value()
    response = page.request.post(
        page.url,
        form={"csrfmiddlewaretoken": token, "language": "te"},
        headers={"Referer": page.url},
    )
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = SCREENSHOTS / "advocacy-timeline-te.pdf"
    pdf.write_bytes(response.body())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(pdf.with_suffix(""))],
        check=True,
    )
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "District Collector" in text and "SECRET" not in text
    assert AuditEvent.objects.filter(action="print").exists()
