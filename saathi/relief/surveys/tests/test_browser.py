"""A leader records a needs assessment in Telugu on a phone (360x740), with skip logic
live in the browser; and the browser's expression evaluator agrees with the server's.
Screenshots: test-artifacts/screenshots/. Run with ``uv run pytest -q -m browser``."""

import re

import pytest
from playwright.sync_api import expect

from saathi.core.policy import Role
from saathi.core.testing import PASSWORD, build_world
from saathi.relief.surveys import services
from saathi.relief.surveys.demo import needs_assessment_xlsx
from saathi.relief.surveys.models import Response

from .cases import CASES, VALUES

pytestmark = pytest.mark.browser
DETAIL = re.compile(r".*/surveys/responses/[0-9a-f-]{36}/$")


def q(page, name):
    return page.locator(f'[data-q="{name}"]')


def test_leader_records_a_needs_assessment_in_telugu(phone_browser):
    world = build_world()
    version = services.survey_upload(
        organisation=world.orgs["a"],
        data=needs_assessment_xlsx(),
        file_name="needs.xlsx",
        actor=world.user("a", Role.FACILITATOR),
    )
    page = phone_browser.page()
    phone_browser.login(page, "a_collective_leader", PASSWORD)
    page.locator("header.top form.lang button[value=te]").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "te")
    page.locator('a.task[href="/surveys/"]').click()
    page.wait_for_url("**/surveys/")
    phone_browser.shot(page, "surveys-telugu")
    page.locator(f'a[href="/surveys/{version.survey.uuid}/fill/"]').first.click()
    page.wait_for_url("**/fill/")
    expect(page.get_by_text("ఇంట్లో ఎంత మంది ఉంటారు?")).to_be_visible()
    # skip logic: income and rent questions wait for their answers
    for name in ("income_before", "income_now", "rent_arrears", "rent_months", "hiv_nutrition"):
        expect(q(page, name)).to_be_hidden()
    phone_browser.shot(page, "form-empty")

    page.fill("#q_hh_size", "4")
    page.fill("#q_children", "2")
    q(page, "income_lost").get_by_label("అవును").check()
    expect(q(page, "income_before")).to_be_visible()
    page.fill("#q_income_before", "8000")
    page.fill("#q_income_now", "1000")
    q(page, "needs").get_by_label("రేషన్").check()
    q(page, "needs").get_by_label("అద్దె").check()
    expect(q(page, "rent_arrears")).to_be_visible()
    expect(q(page, "hiv_nutrition")).to_be_hidden()
    page.fill("#q_rent_arrears", "4500")
    page.fill("#q_rent_months", "3")
    q(page, "needs").get_by_label("మందులు").check()
    expect(q(page, "hiv_nutrition")).to_be_visible()
    q(page, "hiv_nutrition").get_by_label("అవును").check()
    expect(q(page, "hiv_nutrition_people")).to_be_visible()
    page.fill("#q_hiv_nutrition_people", "1")
    # she changes her mind: no nutrition support; the count question goes away again
    q(page, "hiv_nutrition").get_by_label("కాదు").check()
    expect(q(page, "hiv_nutrition_people")).to_be_hidden()
    q(page, "ration_card").get_by_label("కాదు").check()
    page.fill("#q_visit_date", "2026-04-05")
    phone_browser.shot(page, "form-filled")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(DETAIL)
    expect(page.locator(".messages")).to_be_visible()
    expect(
        page.get_by_text("అద్దె, మందులు").or_(page.get_by_text("రేషన్, అద్దె, మందులు"))
    ).to_be_visible()
    phone_browser.shot(page, "saved")

    response = Response.objects.get()
    assert response.collective == world.collectives["a1"]
    assert response.answers == {
        "hh_size": 4,
        "children": 2,
        "income_lost": "yes",
        "income_before": 8000,
        "income_now": 1000,
        "needs": ["rations", "rent", "medicines"],
        "rent_arrears": 4500,
        "rent_months": 3,
        "hiv_nutrition": "no",
        "ration_card": "no",
        "visit_date": "2026-04-05",
    }


def test_browser_evaluator_agrees_with_the_server(phone_browser):
    world = build_world()
    version = services.survey_upload(
        organisation=world.orgs["a"],
        data=needs_assessment_xlsx(),
        file_name="needs.xlsx",
        actor=world.user("a", Role.FACILITATOR),
    )
    page = phone_browser.page()
    phone_browser.login(page, "a_volunteer", PASSWORD)
    page.goto(f"/surveys/{version.survey.uuid}/fill/")
    page.wait_for_function("window.SaathiXPR !== undefined")
    for expr, extra, current, want in CASES:
        got = page.evaluate(
            "([e, v, c]) => window.SaathiXPR.truthy(e, v, c)", [expr, VALUES | extra, current]
        )
        assert got is want, expr


def test_without_javascript_the_server_shows_new_questions_then_saves(phone_browser):
    world = build_world()
    version = services.survey_upload(
        organisation=world.orgs["a"],
        data=needs_assessment_xlsx(),
        file_name="needs.xlsx",
        actor=world.user("a", Role.FACILITATOR),
    )
    page = phone_browser.page(javascript=False)
    phone_browser.login(page, "a_volunteer", PASSWORD)
    page.goto(f"/surveys/{version.survey.uuid}/fill/")
    expect(q(page, "rent_arrears")).to_be_hidden()
    page.fill("#q_hh_size", "3")
    q(page, "income_lost").get_by_label("No").check()
    q(page, "needs").get_by_label("Rent").check()
    q(page, "ration_card").get_by_label("Yes").check()
    page.fill("#q_visit_date", "2026-04-06")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    # rent now applies: the page comes back with the rent questions, nothing lost
    expect(page.get_by_text("More questions apply now")).to_be_visible()
    expect(q(page, "rent_arrears")).to_be_visible()
    expect(page.locator("#q_hh_size")).to_have_value("3")
    phone_browser.shot(page, "more-questions")
    page.fill("#q_rent_arrears", "2500")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(DETAIL)
    assert Response.objects.get().answers == {
        "hh_size": 3,
        "income_lost": "no",
        "needs": ["rent"],
        "rent_arrears": 2500,
        "ration_card": "yes",
        "visit_date": "2026-04-06",
    }
