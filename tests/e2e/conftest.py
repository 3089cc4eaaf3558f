import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connections
from playwright.sync_api import Error as PlaywrightError
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

# axe-core as axe-playwright-python ships it (nothing is fetched), checking WCAG 2.0, 2.1 and 2.2 at A and AA.
AXE = Axe()
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Beyond the WCAG tags: content outside a landmark, and a table header with no text.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_22_AA},
    "rules": {"region": {"enabled": True}, "empty-table-header": {"enabled": True}},
    "resultTypes": ["violations"],
}
CHECKED = "__accessibilityChecked"


class AccessibilityCheck:
    """Runs axe-core on every page a journey shows, and remembers what it found.

    A page is checked once it has loaded, as soon as the test next asks the tab for anything (a
    locator, a click, a navigation), and the last page when the test ends; so every page the browser
    shows is checked, in the state the journey meets it. A violation fails the test.
    """

    # The tab's own plumbing, which must not wait for a check (or would check while it runs).
    UNCHECKED = frozenset(
        {"evaluate", "evaluate_handle", "is_closed", "close", "on", "once", "remove_listener", "wait_for_load_state"}
    )

    def __init__(self):
        self.violations = []

    def attach(self, context):
        context.on("page", self.watch)

    def watch(self, page):
        page.accessibility_pending = False

        def navigated(frame):
            if frame == page.main_frame:
                page.accessibility_pending = True

        page.on("framenavigated", navigated)
        for name in dir(type(page)):
            member = getattr(type(page), name)
            if name.startswith("_") or name in self.UNCHECKED or not callable(member) or isinstance(member, property):
                continue
            setattr(page, name, self._checking_first(page, getattr(page, name)))

    def _checking_first(self, page, method):
        def checked(*args, **kwargs):
            self.check(page)
            return method(*args, **kwargs)

        return checked

    def check(self, page):
        if not getattr(page, "accessibility_pending", False) or page.is_closed():
            return
        page.accessibility_pending = False
        try:
            page.wait_for_load_state("load")
            if not page.url.startswith("http") or page.evaluate(f"window.{CHECKED} === true"):
                return
            page.evaluate(f"window.{CHECKED} = true")
            results = AXE.run(page, options=AXE_OPTIONS)
        except PlaywrightError:
            return  # the page went away first (a download, or a window closed); nothing left to check
        for violation in results.response["violations"]:
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            self.violations.append(f"{page.url}: {violation['id']} ({violation['help']}): {targets}")

    def report(self):
        if self.violations:
            pytest.fail("Accessibility violations (axe-core, WCAG 2.2 AA):\n" + "\n".join(self.violations))


@pytest.fixture
def accessibility_check():
    return AccessibilityCheck()


@pytest.fixture
def page(live_server, django_db_serialized_rollback, transactional_db, accessibility_check):
    """A Chromium tab (Debian's build; Playwright cannot download its own here), checked with axe-core
    on every page it shows.

    The live server needs committed data; serialized rollback puts back the reference data that
    migrations load (focus areas), which the flush after such a test would otherwise remove.
    """
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: .ci/run installs it with apt-get install chromium")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        tab = _context(browser, live_server, accessibility_check).new_page()
        tab.browser_for_test = browser
        yield tab
        for context in browser.contexts:
            for open_page in context.pages:
                accessibility_check.check(open_page)
        browser.close()
        # Queries made while Playwright's loop ran used connections of that context: close them, or
        # the test database cannot be dropped at the end.
        connections.close_all()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    accessibility_check.report()


@pytest.fixture
def browser_context_for(page, live_server, accessibility_check):
    """Another person at another browser: a fresh context with its own cookies (and the same checks)."""
    return lambda: _context(page.browser_for_test, live_server, accessibility_check)


def _context(browser, live_server, accessibility_check):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    accessibility_check.attach(context)
    return context
