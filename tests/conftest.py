"""Browser fixtures: Playwright driving Debian chromium (never a downloaded browser)."""

import os

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium_browser():
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


@pytest.fixture
def portal_page(chromium_browser, live_server):
    context = chromium_browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    try:
        yield page
    finally:
        context.close()
