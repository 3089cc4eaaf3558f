"""A commissioner generates the quarterly report, watches its progress bar reach 100% while a real
Celery worker makes it, and downloads the PDF; another scheme's commissioner gets a 404 for it."""

import re

import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from accounts.models import AuditEvent
from accounts.permissions import Role
from config.celery import app
from reporting.models import GeneratedReport
from tests.conftest import totp_code, with_mfa
from tests.e2e.test_sign_in import log_in
from tests.factories.mentoring import MenteeFactory
from tests.factories.schemes import SchemeMembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.worker]

PROGRESS = "document.getElementById('report-progress-bar')"


def sign_in_with_mfa(page, user):
    log_in(page, user.email)
    page.get_by_role("textbox", name=re.compile("code", re.IGNORECASE)).fill(totp_code(user))
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()


def test_commissioner_watches_the_report_being_made_and_downloads_the_pdf(
    page, browser_context_for, scheme, other_scheme, commissioner, settings
):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: make test and .ci/run set it")
    for reasons in (["career_options"], ["work_life_balance"]) * 6:
        MenteeFactory(scheme=scheme, reasons=reasons)
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge("celery")

    sign_in_with_mfa(page, commissioner)
    page.goto("/reports/")
    page.get_by_label(scheme.name).check()
    page.get_by_role("button", name="Generate the report").click()

    expect(page.locator("#report-stage")).to_contain_text("Waiting to start")
    assert page.evaluate(f"{PROGRESS}.value") == 0
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        seen = set()
        for _ in range(300):
            try:
                value = page.evaluate(f"{PROGRESS} ? {PROGRESS}.value : null")
            except PlaywrightError:  # the page is reloading itself
                value = None
            if value is not None:
                seen.add(value)
            if value == 100:
                break
            page.wait_for_timeout(50)
        assert 100 in seen
        expect(page.get_by_role("link", name="Download the report (PDF)")).to_be_visible()
    assert len(seen) > 1, "the bar went straight to 100% without showing progress"

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    report = GeneratedReport.objects.get()
    assert AuditEvent.objects.filter(action="report.download", actor=commissioner, target_id=str(report.pk)).exists()

    elsewhere = with_mfa(
        SchemeMembershipFactory(scheme=other_scheme, role=Role.COMMISSIONER, user__email="ne@england.nhs.uk").user
    )
    other_page = browser_context_for().new_page()
    sign_in_with_mfa(other_page, elsewhere)
    response = other_page.goto(f"/reports/{report.pk}/download/pdf")
    assert response.status == 404
    response = other_page.goto(f"/reports/{report.pk}/")
    assert response.status == 404
