"""Playwright fixtures for the browser tests: Debian's Chromium, a phone-sized window.

Use from a ``conftest.py``: ``from saathi.core.tests.browser import *  # noqa: F403``.
Tests marked ``@pytest.mark.browser`` ask for ``phone_browser`` (opens pages at 360x740 on
the live server, logs in, fails the test on JavaScript or CSP errors) and call
``phone_browser.shot(page, "step")`` to save a full-page screenshot to
``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 360, "height": 740}
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
TIMEOUT_MS = 10_000

__all__ = ["chromium_browser", "phone_browser"]


@pytest.fixture(scope="session")
def chromium_browser():
    """One headless Chromium for the whole session (launching costs about a second)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package to run these")
    from playwright.sync_api import sync_playwright

    # The sync API runs an event loop in this thread; the test's own ORM calls are safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Phone:
    """Opens pages in fresh phone-sized browser contexts; collects JS errors."""

    def __init__(self, browser, live_server, test_name: str):
        self.browser = browser
        self.url = live_server.url
        self.prefix = re.sub(r"[^a-z0-9]+", "-", test_name.lower().removeprefix("test_")).strip("-")
        self.contexts = []
        self.errors: list[str] = []
        self.step = 0
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for old in SCREENSHOTS.glob(f"{self.prefix}-*.png"):
            old.unlink()

    def page(self, *, javascript: bool = True):
        context = self.browser.new_context(
            viewport=VIEWPORT,
            device_scale_factor=1,
            is_mobile=True,
            has_touch=True,
            java_script_enabled=javascript,
            base_url=self.url,
            locale="en-IN",
        )
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        page.on("console", self._console)
        page.on("response", self._response)
        return page

    def _console(self, msg):
        # a page's own 403/404 is the test's business; failed sub-resources are caught below
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            self.errors.append(f"console {msg.type}: {msg.text}")

    def _response(self, response):
        if response.status >= 400 and response.request.resource_type != "document":
            self.errors.append(f"{response.status} for {response.url}")

    def shot(self, page, name: str, full_page: bool = True) -> Path:
        self.step += 1
        path = SCREENSHOTS / f"{self.prefix}-{self.step:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    def login(self, page, username: str, password: str) -> None:
        page.goto("/accounts/login/")
        page.fill("#id_login", username)
        page.fill("#id_password", password)
        page.click("#login-submit")
        page.wait_for_url(self.url + "/")

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def phone_browser(request, chromium_browser, live_server, transactional_db):
    cache.clear()  # allauth's login rate limits live in the cache
    phone = Phone(chromium_browser, live_server, request.node.name)
    yield phone
    phone.close()
    assert not phone.errors, "JavaScript or console errors:\n" + "\n".join(phone.errors)
