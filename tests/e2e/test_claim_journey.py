"""A month's claim from logged sessions to the ICB's payment file, in Chromium: the mentor submits, the
approver returns it with a reason, the mentor resubmits, the approver approves, staff batch and export."""

import re
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from claims.models import Claim, LineStatus
from tests.conftest import totp_code, with_mfa
from tests.e2e.test_sign_in import log_in
from tests.factories.claims import claiming_mentor, mentorship_of, past_month, three_weeks

pytestmark = pytest.mark.e2e


WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


def accessible(tab):
    """No WCAG 2.2 AA violations axe-core can find on the page as it stands."""
    results = Axe().run(tab, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


def sign_in(tab, user):
    log_in(tab, user.email)
    tab.get_by_role("textbox", name=re.compile("code", re.IGNORECASE)).fill(totp_code(user))
    tab.get_by_role("button", name="Sign In").click()
    expect(tab.get_by_role("heading", name=re.compile("^Hello"))).to_be_visible()


def test_a_claim_from_submission_to_the_payment_file(page, browser_context_for, scheme, approver, staff):
    mentor = claiming_mentor(scheme, user__first_name="Priya", user__last_name="Shah")
    with_mfa(mentor.user)
    month = past_month()
    three_weeks(mentorship_of(mentor), month)

    # The mentor opens the month: three weeks held, one did-not-attend, so three lines.
    sign_in(page, mentor.user)
    page.get_by_role("link", name="Your claims").click()
    page.get_by_label("Month to claim for").select_option(label=f"{month:%B %Y}")
    page.get_by_role("button", name="Claim for this month").click()
    expect(page.get_by_role("heading", name=f"Your claim for {month:%B %Y}")).to_be_visible()
    expect(page.get_by_role("cell", name="Mentoring session (one a week)")).to_have_count(3)
    expect(page.get_by_text("£867.00")).to_be_visible()
    accessible(page)
    page.get_by_label(re.compile("I declare that the sessions claimed took place")).check()
    page.get_by_role("button", name="Submit the claim").click()
    expect(page.locator(".nhsuk-notification-banner--success, .nhsuk-alert, [role=alert]").first).to_contain_text(
        "is submitted for approval"
    )
    claim = Claim.objects.get()

    # The approver returns it with a reason.
    approver_tab = browser_context_for().new_page()
    sign_in(approver_tab, approver)
    approver_tab.get_by_role("link", name="Claims to approve").click()
    accessible(approver_tab)
    approver_tab.get_by_role("link", name=claim.reference).click()
    expect(approver_tab.get_by_text("Verified: every eligibility check is current")).to_be_visible()
    accessible(approver_tab)
    approver_tab.get_by_label("Return the claim for changes").check()
    approver_tab.get_by_label(re.compile("Reason for the whole claim")).fill("Please check the third week's date")
    approver_tab.get_by_role("button", name="Save decisions").click()
    expect(approver_tab.get_by_text("No claims are waiting for a decision.")).to_be_visible()

    # The mentor sees why, and submits again.
    page.reload()
    expect(page.locator(".nhsuk-warning-callout")).to_contain_text("Please check the third week's date")
    accessible(page)
    page.get_by_label(re.compile("I declare that the sessions claimed took place")).check()
    page.get_by_role("button", name="Submit the claim").click()
    expect(page.get_by_text("Waiting for approval").first).to_be_visible()

    # The approver approves the whole claim.
    approver_tab.get_by_role("link", name="Back to home").click()
    approver_tab.get_by_role("link", name="Claims to approve").click()
    approver_tab.get_by_role("link", name=claim.reference).click()
    approver_tab.get_by_label("Approve every waiting line").check()
    approver_tab.get_by_role("button", name="Save decisions").click()
    expect(approver_tab.get_by_text("No claims are waiting for a decision.")).to_be_visible()
    assert set(claim.lines.values_list("status", flat=True)) == {LineStatus.APPROVED}

    # Staff create the batch and export it: the file's total is the lines' to the penny.
    staff_tab = browser_context_for().new_page()
    sign_in(staff_tab, staff)
    staff_tab.goto("/admin/claims/paymentbatch/")
    staff_tab.get_by_role("link", name="Create a payment batch").click()
    staff_tab.get_by_role("button", name="Create the batch").click()
    expect(staff_tab.get_by_text("holds £867.00")).to_be_visible()
    with staff_tab.expect_download() as download:
        staff_tab.get_by_role("link", name="Export CSV").click()
    rows = download.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert rows[-1].startswith("Total,,,,,,,867.00")
    assert sum(Decimal(row.split(",")[7]) for row in rows[1:-1]) == Decimal("867.00")
    assert sum(claim.lines.values_list("amount", flat=True)) == Decimal("867.00")
