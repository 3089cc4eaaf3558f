"""Signing in as a person would, in Chromium: staff with MFA reach the admin; a mentee sees the portal."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, totp_code

pytestmark = pytest.mark.e2e


def log_in(page, email):
    page.goto("/")
    page.get_by_role("link", name="Sign in", exact=True).first.click()
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_staff_log_in_with_mfa_and_reach_the_admin(page, staff, scheme):
    log_in(page, staff.email)
    expect(page.get_by_role("heading", name="Two-step sign-in")).to_be_visible()

    page.get_by_role("textbox", name=re.compile("code", re.IGNORECASE)).fill(totp_code(staff))
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name=f"Hello, {staff.first_name}")).to_be_visible()

    page.get_by_role("link", name="Scheme administration").first.click()
    expect(page.get_by_role("link", name=scheme.name).or_(page.get_by_text("Your schemes"))).to_be_visible()
    assert page.url.endswith("/admin/")


def test_mentee_logs_in_and_sees_the_portal_home(page, mentee, scheme):
    log_in(page, mentee.email)

    expect(page.get_by_role("heading", name=f"Hello, {mentee.first_name}")).to_be_visible()
    expect(page.get_by_role("heading", name="Your mentoring")).to_be_visible()
    expect(page.get_by_role("heading", name=scheme.name)).to_be_visible()
    expect(page.get_by_role("link", name="Scheme administration")).to_have_count(0)
