"""A real ODK web client (ODK Web Forms, from the npm registry: tests/odk_client/) loads the
XForm our server publishes, in Chromium, is filled in like a phone user would, and sends
the instance it makes through our OpenRosa submission endpoint with a device credential.

The client is bundled by ``scripts/odk_client.sh`` (npm ci + esbuild); without the bundle
the test is skipped with that instruction. Screenshots: test-artifacts/screenshots/."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from saathi.core.policy import Role
from saathi.core.testing import build_world
from saathi.relief.surveys import services
from saathi.relief.surveys.models import Response

from .odk import auth, credential
from .xlsforms import xlsx

pytestmark = pytest.mark.browser
BUNDLE = Path(__file__).parent / "odk_client" / "dist" / "odk-client.js"
SHOTS = Path(__file__).resolve().parents[4] / "test-artifacts" / "screenshots"


def visit_form() -> bytes:
    return xlsx(
        [
            ["type", "name", "label", "constraint", "required"],
            ["text", "head", "Head of the household", "", "yes"],
            ["integer", "hh_size", "People in the household", ". > 0 and . <= 20", "yes"],
            ["select_one yn", "ration_card", "Ration card?", "", ""],
        ],
        [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]],
        settings={"form_id": "visit", "form_title": "Household visit"},
    )


@pytest.mark.django_db(transaction=True)
def test_odk_web_forms_fills_our_xform_and_submits_through_openrosa(chromium_browser, live_server):
    if not BUNDLE.exists():
        pytest.skip("bundle the ODK client first: scripts/odk_client.sh")
    world = build_world()
    version = services.survey_upload(
        organisation=world.orgs["a"],
        data=visit_form(),
        file_name="visit.xlsx",
        actor=world.user("a", Role.ORG_ADMIN),
    )
    cred, secret = credential(world.user("a", Role.FACILITATOR), world.collectives["a1"])
    base = live_server.url
    config = {
        "formUrl": f"{base}/surveys/openrosa/forms/{version.survey.uuid}/form.xml",
        "submissionUrl": f"{base}/surveys/openrosa/submission",
        "authorization": auth(cred, secret)["HTTP_AUTHORIZATION"],
    }
    harness = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width"></head><body>'
        '<div id="app"></div><p id="status"></p><script type="module">'
        'import "./odk-client.js";'
        f"window.saathiOdkClient.start({json.dumps(config)});"
        "</script></body></html>"
    )
    context = chromium_browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route(
        f"{base}/__odk_client__/index.html",
        lambda route: route.fulfill(body=harness, content_type="text/html"),
    )
    page.route(
        f"{base}/__odk_client__/odk-client.js",
        lambda route: route.fulfill(path=str(BUNDLE), content_type="text/javascript"),
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        page.goto(f"{base}/__odk_client__/index.html")
        expect(page.get_by_text("People in the household")).to_be_visible(timeout=30_000)
        page.screenshot(path=str(SHOTS / "odk-web-forms-1-loaded.png"), full_page=True)
        page.get_by_label("Head of the household").fill("Lakshmi Das")
        number = page.get_by_role("spinbutton")  # PrimeVue's number input
        number.click()
        number.press_sequentially("4")
        number.press("Tab")
        page.get_by_text("Yes", exact=True).click()
        page.screenshot(path=str(SHOTS / "odk-web-forms-2-filled.png"), full_page=True)
        page.get_by_role("button", name="Send").click()
        expect(page.locator("#status")).to_have_attribute("data-status", "201", timeout=20_000)
        page.screenshot(path=str(SHOTS / "odk-web-forms-3-sent.png"), full_page=True)
    finally:
        context.close()
    assert not errors, errors
    (response,) = Response.objects.filter(survey=version.survey)
    assert response.source == "openrosa"
    assert response.answers["head"] == "Lakshmi Das"
    assert response.answers["hh_size"] == 4
    assert response.answers["ration_card"] == "yes"
    assert response.instance_id.startswith("uuid:")
