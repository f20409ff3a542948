"""An advocate follows a survivor's compensation claim on a phone; a facilitator then sees
the matter's next date and nothing of the accused.

Opens a compensation claim for a member, records the application with interim relief, a
payment of the interim relief, the award and a part payment, a hearing with a next date,
and prints the DLSA application in Bengali (saved and turned into a PNG). Screenshots:
test-artifacts/screenshots/.
"""

import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from saathi.core.testing import PASSWORD, build_world
from saathi.legal.models import Compensation, LegalMatter

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
ACCUSED = "Bablu Sheikh, placement agent"


def submit(page):
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()


def d(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).strftime("%d/%m/%Y")


def test_compensation_claim_from_application_to_part_payment(phone_browser):
    world = build_world()
    member = world.members["a1"]  # Lakshmi Das, Bengali
    page = phone_browser.page()
    phone_browser.login(page, "a_legal_advocate", PASSWORD)

    page.goto(f"/registry/members/{member.uuid}/")
    page.get_by_role("link", name="Legal matters").last.click()
    page.get_by_role("link", name="Open a legal matter").click()
    page.select_option("#id_matter_type", "victim_compensation_claim")
    page.select_option("#id_member_role", "victim")
    page.select_option("#id_forum", "legal_services")
    page.fill("#id_offence_on", d(-400))
    page.fill("#id_fir_on", d(-390))
    page.fill("#id_accused", ACCUSED)
    phone_browser.shot(page, "matter-form")
    submit(page)
    expect(page.locator("h1")).to_have_text("Victim compensation claim")
    matter = LegalMatter.objects.get(member=member)

    # the application to the DLSA, with interim relief ordered
    page.get_by_role("link", name="Record a compensation application").click()
    page.fill("#id_applied_on", d(-100))
    page.select_option("#id_scheme", "bnss_396")
    page.fill("#id_authority", "DLSA North 24 Parganas")
    page.check("input[name=documents][value=fir]")
    page.check("input[name=documents][value=medical]")
    page.fill("#id_interim_amount", "10000")
    page.fill("#id_interim_ordered_on", d(-95))
    submit(page)
    expect(page.locator("#compensation")).to_contain_text("10,000")

    # interim relief paid, then the award and a part payment of it
    page.get_by_role("link", name="Record a payment").click()
    page.select_option("#id_kind", "interim")
    page.fill("#id_amount", "10000")
    page.fill("#id_paid_on", d(-90))
    page.fill("#id_account", "Bank of India, ending 4411")
    submit(page)
    page.get_by_role("link", name="Interim relief, award, appeal").click()
    page.fill("#id_award_amount", "300000")
    page.fill("#id_award_on", d(-40))
    page.fill("#id_award_order_number", "DLSA/VC/2026/41")
    submit(page)
    page.get_by_role("link", name="Record a payment").click()
    page.select_option("#id_kind", "final")
    page.fill("#id_amount", "400000")  # more than awarded: refused at the field
    page.fill("#id_paid_on", d(-10))
    submit(page)
    expect(page.locator("main")).to_contain_text("More than what is still due on the award")
    page.fill("#id_amount", "100000")
    submit(page)
    comp = Compensation.objects.get(matter=matter)
    assert comp.interim_paid == 10000 and comp.award_paid == 100000
    expect(page.locator("#compensation")).to_contain_text("2,00,000")  # still due
    expect(page.locator("#compensation")).to_contain_text("Awarded, not paid after 30 days")
    phone_browser.shot(page, "compensation")

    # a hearing with a next date
    page.get_by_role("link", name="Record a hearing").first.click()
    page.fill("#id_on", d(-1))
    page.fill("#id_court", "DLSA North 24 Parganas, Barasat")
    page.fill("#id_purpose", "Enquiry into the claim")
    page.fill("#id_next_date", d(14))
    page.fill("#id_next_purpose", "Final hearing")
    submit(page)
    expect(page.locator("#next-date")).to_contain_text(d(14))
    phone_browser.shot(page, "hearing")

    # the claim is filed: a status move on the matter's timeline
    page.select_option("#id_to_status", "filed")
    page.fill("#id_note", "Sent to the DLSA by speed post")
    page.get_by_role("button", name="Change the status").click()
    page.wait_for_load_state()
    expect(page.locator("#status")).to_have_text("Filed")
    page.get_by_role("link", name="Status history").click()
    expect(page.locator("main")).to_contain_text("Sent to the DLSA by speed post")
    page.go_back()

    # the accused are shown only after a reason is given (and audited)
    expect(page.locator("main")).not_to_contain_text("Bablu")
    page.check("input[name='reveal-reason'][value=legal_case]")
    page.get_by_role("button", name="Show confidential details").click()
    page.wait_for_load_state()
    expect(page.locator("#confidential")).to_contain_text(ACCUSED)

    # her agenda: the award unpaid after 30 days first, with its next step
    page.goto("/legal/agenda/")
    expect(page.locator("main li").first).to_contain_text("days overdue")
    expect(page.locator("main")).to_contain_text("writ in the High Court for non-payment")
    expect(page.locator("main")).to_contain_text(d(14))
    phone_browser.shot(page, "advocate-agenda")
    page.goto(f"/legal/matters/{matter.uuid}/")

    # the DLSA application in Bengali (her language is preselected)
    page.select_option("#id_kind", "dlsa_compensation")
    expect(page.locator("#id_language")).to_have_value("bn")
    # the browser shows a PDF in its own viewer: fetch the same POST with the page's token
    form = page.locator("main form[action$='/letter/']")
    response = page.request.post(
        page.url.split("/legal/")[0] + form.get_attribute("action"),
        form={
            "csrfmiddlewaretoken": form.locator("input[name=csrfmiddlewaretoken]").input_value(),
            "kind": "dlsa_compensation",
            "language": "bn",
        },
        headers={"Referer": page.url},
        timeout=90_000,  # WeasyPrint shaping Bengali on a busy machine
    )
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "legal-browser-dlsa-bn.pdf"
    pdf.write_bytes(response.body())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(pdf.with_suffix(""))],
        check=True,
    )

    # the facilitator: the next date, not the accused
    page2 = phone_browser.page()
    phone_browser.login(page2, "a_facilitator", PASSWORD)
    page2.goto(f"/legal/matters/{matter.uuid}/")
    expect(page2.locator("#next-date")).to_contain_text(d(14))
    expect(page2.locator("main")).not_to_contain_text("Bablu")
    expect(page2.locator("main")).not_to_contain_text("3,00,000")
    expect(page2.locator("main form.reveal")).to_have_count(0)
    phone_browser.shot(page2, "facilitator-summary")
    page2.goto("/legal/agenda/")
    expect(page2.locator("main")).to_contain_text(d(14))
    expect(page2.locator("main")).not_to_contain_text("Bablu")
    expect(page2.locator("main")).not_to_contain_text("writ")  # the clocks are not hers
    page2.goto("/agenda/")  # the shared agenda carries the same next date
    expect(page2.locator("main")).to_contain_text(matter.reference)
    phone_browser.shot(page2, "facilitator-agenda")
