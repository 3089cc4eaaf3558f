"""The README's demo in Chromium, on SQLite: scheme staff sign in with the printed login and code,
read the dashboard, and open a mentorship."""

import io
import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from portal.management.commands.seed_demo import DEMO_PASSWORD

pytestmark = [pytest.mark.sqlite_demo, pytest.mark.e2e]

STAFF = "staff@demo.mentoring.nhs.example"


def _seed_demo():
    """Run seed_demo as `make run` does and read the staff login's authenticator secret from what it prints."""
    printed = io.StringIO()
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=printed)
    lines = printed.getvalue().splitlines()
    staff_line = next(index for index, line in enumerate(lines) if STAFF in line)
    return re.search(r"authenticator secret (\w+)", lines[staff_line + 1])[1]


def test_staff_sign_in_to_the_demo_and_open_a_mentorship(page):
    secret = _seed_demo()

    page.goto("/")
    page.get_by_role("link", name=re.compile("sign in|log in", re.IGNORECASE)).first.click()
    page.get_by_label("Email", exact=True).fill(STAFF)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()
    page.get_by_role("textbox", name=re.compile("code", re.IGNORECASE)).fill(
        format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    )
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()

    page.goto("/admin/")
    expect(page.get_by_role("table", name="Needs attention")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("eligibility checks have lapsed"))).to_contain_text("0")
    page.get_by_role("link", name="Mentorships", exact=True).first.click()
    expect(page.get_by_role("heading", name=re.compile("mentorship", re.IGNORECASE)).first).to_be_visible()

    page.get_by_role("link", name=re.compile("Tom Reid|mentee@demo")).first.click()
    expect(page.get_by_text("Introductory", exact=False).first).to_be_visible()
    expect(page.get_by_text("Active", exact=True).first).to_be_visible()
