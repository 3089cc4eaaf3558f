"""The accessibility check every browser journey gets: axe-core runs on each page the tab shows."""

import pytest

pytestmark = pytest.mark.e2e

INACCESSIBLE = "<html lang='en'><head><title>Broken</title></head><body><main><img src='x.png'></main></body></html>"


def test_every_page_a_journey_visits_is_checked_and_a_violation_is_reported(page, accessibility_check):
    page.route("**/inaccessible", lambda route: route.fulfill(body=INACCESSIBLE, content_type="text/html"))
    page.goto("/inaccessible")
    page.goto("/")  # leaving the page: it was checked as it was shown

    found = list(accessibility_check.violations)
    accessibility_check.violations.clear()  # this journey broke the rules on purpose
    assert len(found) == 1
    assert "/inaccessible: image-alt" in found[0]


def test_content_outside_a_landmark_is_reported(page, accessibility_check):
    outside = "<html lang='en'><head><title>Outside</title></head><body><p>Hello</p><main>Main</main></body></html>"
    page.route("**/outside", lambda route: route.fulfill(body=outside, content_type="text/html"))
    page.goto("/outside")
    page.goto("/")

    found = list(accessibility_check.violations)
    accessibility_check.violations.clear()
    assert [violation.split(": ")[1].split(" ")[0] for violation in found] == ["region"]
