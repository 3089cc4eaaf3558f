import os

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def page(live_server, django_db_serialized_rollback, transactional_db):
    """A Chromium tab (Debian's build; Playwright cannot download its own here).

    The live server needs committed data; serialized rollback puts back the reference data that
    migrations load (focus areas), which the flush after such a test would otherwise remove.
    """
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: .ci/run installs it with apt-get install chromium")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        tab = _context(browser, live_server).new_page()
        tab.browser_for_test = browser
        yield tab
        browser.close()
        # Queries made while Playwright's loop ran used connections of that context: close them, or
        # the test database cannot be dropped at the end.
        connections.close_all()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def browser_context_for(page, live_server):
    """Another person at another browser: a fresh context with its own cookies."""
    return lambda: _context(page.browser_for_test, live_server)


def _context(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    return context
