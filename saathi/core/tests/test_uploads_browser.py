"""A facilitator's phone photo of a document, in Chromium at 360x740: what she uploads
with its GPS position is stored and shown without it; a PDF is a download; a file larger
than the request cap gets a page that says so. Screenshots: test-artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from saathi.core.testing import PASSWORD, build_world

from .samples import jpeg_with_location, pdf_bytes
from .test_uploads import PHOTO_CSP

pytestmark = pytest.mark.browser


def _add_document(page, member, path, kind="voter_id"):
    page.goto(f"/registry/members/{member.uuid}/documents/new/")
    page.select_option("#id_kind", kind)
    page.select_option("#id_status", "held")
    page.set_input_files("#id_scan", str(path))
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()


def test_a_phone_photo_is_stored_without_its_location_and_a_pdf_is_a_download(
    phone_browser, tmp_path, settings
):
    world = build_world()
    member = world.members["a1"]
    photo = tmp_path / "IMG_20260412_101522.jpg"
    photo.write_bytes(jpeg_with_location(320, 200, orientation=1))
    page = phone_browser.page()
    phone_browser.login(page, "a_facilitator", PASSWORD)

    _add_document(page, member, photo)
    expect(page).to_have_url(re.compile(rf".*/registry/members/{member.uuid}/$"))
    scan_link = page.locator("a", has_text="Scan").first
    expect(scan_link).to_be_visible()
    phone_browser.shot(page, "member-with-scan")
    url = scan_link.get_attribute("href")
    response = page.request.get(url)
    assert response.status == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["content-disposition"].startswith("inline")
    assert response.headers["content-security-policy"] == PHOTO_CSP
    assert b"SaathiTestPhone" not in response.body() and b"Exif" not in response.body()
    page.goto(url)
    phone_browser.shot(page, "scan-opened")

    pdf = tmp_path / "pan.pdf"
    pdf.write_bytes(pdf_bytes())
    _add_document(page, member, pdf, kind="pan")
    links = page.locator("a", has_text="Scan")
    expect(links).to_have_count(2)
    with page.expect_download() as download:
        for i in range(links.count()):  # the PDF's link: a download, not a page
            href = links.nth(i).get_attribute("href")
            if page.request.get(href).headers["content-type"] == "application/pdf":
                links.nth(i).click()
                break
    assert download.value.suggested_filename.endswith(".pdf")


def test_a_file_over_the_request_cap_gets_a_page_that_says_so(phone_browser, tmp_path, settings):
    settings.SAATHI_REQUEST_MAX_BYTES = 64 * 1024
    world = build_world()
    big = tmp_path / "big.jpg"
    big.write_bytes(jpeg_with_location() + b"\0" * (128 * 1024))
    page = phone_browser.page()
    phone_browser.login(page, "a_facilitator", PASSWORD)
    _add_document(page, world.members["a1"], big)
    expect(page.locator("h1")).to_have_text("File too large")
    phone_browser.shot(page, "request-too-large")
