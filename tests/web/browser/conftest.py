"""Browser fixtures: the app served by uvicorn on a free port, driven by headless Debian
chromium through Playwright. Skipped, with the reason, where chromium is not installed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, sync_playwright

from cchc.web.server import background_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def base_url(app: FastAPI) -> Iterator[str]:
    with background_server(app) as url:
        yield url


@pytest.fixture
def new_page(browser: Browser, base_url: str) -> Iterator:
    """Pages in separate browser contexts (separate people), 1366×768, Vietnamese locale;
    each fails the test on a script error or a Content-Security-Policy violation."""
    contexts = []

    def make() -> Page:
        context = browser.new_context(base_url=base_url, locale="vi-VN",
                                      viewport={"width": 1366, "height": 768})
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("console", lambda m: m.type == "error" and "404" not in m.text
                and page.errors.append(m.text))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page()
