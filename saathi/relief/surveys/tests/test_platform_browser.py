"""The platform's own forms in a real ODK client (ADR 0040): ODK Web Forms (from the npm
registry, bundled by scripts/odk_client.sh) loads the attendance form our server
publishes, its sessions and members from the CSVs the manifest lists for this phone,
is filled in at 360x740 and sent through the OpenRosa endpoint; the attendance is saved
through the collectives service. Then a distribution that breaks the double-distribution
rule is shown on the review queue to the organisation's admin.

Screenshots: test-artifacts/screenshots/."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from playwright.sync_api import expect

from saathi.collectives import services as cs
from saathi.collectives.models import Attendance
from saathi.core.policy import Role
from saathi.core.testing import PASSWORD, build_world, register
from saathi.core.tests.samples import png_bytes
from saathi.relief.surveys import platform, services
from saathi.relief.surveys.models import HeldSubmission
from saathi.relief.tests.helpers import days_ago, make_programme

from .odk import auth, credential, submission_xml

pytestmark = pytest.mark.browser
BUNDLE = Path(__file__).parent / "odk_client" / "dist" / "odk-client.js"


def harness(config: dict) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width"></head><body>'
        '<div id="app"></div><p id="status"></p><script type="module">'
        'import "./odk-client.js";'
        f"window.saathiOdkClient.start({json.dumps(config)});"
        "</script></body></html>"
    )


def test_odk_web_forms_records_attendance_offline_form(phone_browser):
    if not BUNDLE.exists():
        pytest.skip("bundle the ODK client first: scripts/odk_client.sh")
    world = build_world()
    fac = world.user("a", Role.FACILITATOR)
    world.members["a1b"] = register(world, "a", "a1", "Mitali Ghosh", "মিতালী ঘোষ")
    world.members["a1c"] = register(world, "a", "a1", "Sabina Khatun")
    session = cs.session_create(
        collective=world.collectives["a1"],
        data={
            "kind": "general",
            "on": days_ago(1),
            "place": "Community hall",
            "led_by": world.members["a1"],
            "facilitator": None,
            "guests": 0,
        },
        actor=fac,
    )
    cred, secret = credential(fac, world.collectives["a1"])
    forms = platform.ensure_platform_surveys(world.orgs["a"], fac)
    survey = forms["attendance"]
    base = phone_browser.url
    config = {
        "formUrl": base + reverse("surveys:openrosa_form", kwargs={"uuid": survey.uuid}),
        "manifestUrl": base + reverse("surveys:openrosa_manifest", kwargs={"uuid": survey.uuid}),
        "submissionUrl": base + reverse("surveys:openrosa_submission"),
        "authorization": auth(cred, secret)["HTTP_AUTHORIZATION"],
    }
    page = phone_browser.page()
    page.route(
        f"{base}/__odk_client__/index.html",
        lambda route: route.fulfill(body=harness(config), content_type="text/html"),
    )
    page.route(
        f"{base}/__odk_client__/odk-client.js",
        lambda route: route.fulfill(path=str(BUNDLE), content_type="text/javascript"),
    )
    page.goto(f"{base}/__odk_client__/index.html")
    expect(page.get_by_text("Which session?")).to_be_visible(timeout=30_000)
    phone_browser.shot(page, "odk-attendance-loaded")
    page.get_by_text("Community hall", exact=False).first.click()
    expect(page.get_by_text("Who came? Tick every member present.")).to_be_visible()
    page.get_by_text("Lakshmi Das · লক্ষ্মী দাস", exact=True).click()
    page.get_by_text("Mitali Ghosh · মিতালী ঘোষ", exact=True).click()
    phone_browser.shot(page, "odk-attendance-filled")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#status")).to_have_attribute("data-status", "201", timeout=20_000)
    phone_browser.shot(page, "odk-attendance-sent")
    session.refresh_from_db()
    assert session.present_count == 2
    assert set(Attendance.objects.filter(session=session).values_list("member_id", flat=True)) == {
        world.members["a1"].pk,
        world.members["a1b"].pk,
    }

    # a distribution given twice in the round, sent from the phone: kept, on the queue
    programme = make_programme(world)
    item = programme.items.get(name="Ration kit")
    values = {
        "item": item.uuid.hex,
        "member": world.members["a1"].uuid.hex,
        "distributed_on": days_ago(1).isoformat(),
        "mode": "in_kind",
        "ack_method": "thumbprint",
        "ack_photo": "ack.png",
        "handed_over_by": "Mitali Ghosh",
    }
    version = forms["distribution"].latest_version()
    for _ in range(2):
        services.openrosa_submit(
            device=cred,
            xml=submission_xml(version, values),
            files={"ack.png": SimpleUploadedFile("ack.png", png_bytes())},
        )
    held = HeldSubmission.objects.get(survey=forms["distribution"])
    assert held.rule == platform.Rule.ALREADY_DISTRIBUTED
    admin_page = phone_browser.page()
    phone_browser.login(admin_page, "a_org_admin", PASSWORD)
    admin_page.goto(reverse("surveys:review_queue"))
    expect(admin_page.get_by_text("Her household already received this item")).to_be_visible()
    phone_browser.shot(admin_page, "review-queue")
    admin_page.get_by_role("link", name="Relief distribution").click()
    expect(admin_page.get_by_text("Lakshmi Das")).to_be_visible()
    expect(admin_page.get_by_text("Lockdown relief · Ration kit")).to_be_visible()
    phone_browser.shot(admin_page, "review-distribution")
    admin_page.fill("#id_repeat_reason", "The first kit was washed away in the flood.")
    admin_page.get_by_role("button", name="Apply (the same checks as the page)").click()
    expect(admin_page.get_by_role("status")).to_contain_text("Applied")
    held.refresh_from_db()
    assert held.status == "applied"
