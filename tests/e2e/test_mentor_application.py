"""A GP applies to mentor, staff approve them in the admin, and a mentee finds them in the directory."""

import re

import pytest
from playwright.sync_api import expect

from mentoring.models import Mentor
from tests.conftest import totp_code
from tests.e2e.test_sign_in import log_in
from tests.factories.schemes import practice

pytestmark = pytest.mark.e2e


def answer(page, fill=None, check=(), choose=None):
    for label, value in (fill or {}).items():
        page.get_by_label(label, exact=True).fill(value)
    for label in check:
        page.get_by_label(label, exact=True).check()
    if choose:
        page.get_by_label(choose, exact=True).check()
    page.get_by_role("button", name="Continue").click()


def test_a_gp_applies_staff_approve_and_mentees_find_them(page, browser_context_for, outsider, staff, mentee, scheme):
    practice(code="A81001", pcn_code="U12345")

    log_in(page, outsider.email)
    page.get_by_role("link", name=re.compile(f"Apply to mentor with {scheme.name}")).click()
    page.get_by_role("button", name="Start now").click()
    answer(page, fill={"First name": "Asha", "Last name": "Patel", "Phone number": "0151 496 0000"})
    answer(page, fill={"GMC reference number": "7123456"})
    answer(page, fill={"Your practice's ODS code": "A81001"})
    answer(page, choose="GP partner")

    answer(page, fill={"Clinical sessions you work a week": "2"})
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("you need to work at least 3 clinical sessions a week")
    answer(
        page,
        fill={"Clinical sessions you work a week": "5"},
        check=["I intend to give one more session a week to mentoring, as well as my clinical sessions"],
    )
    answer(
        page,
        check=[
            "I have full registration with the GMC and a licence to practise",
            "I am on the National Medical Performers List",
            "I am not under interim suspension under section 41A of the Medical Act 1983",
        ],
    )
    page.get_by_role("group", name="What could you help mentees with?").get_by_label("Leadership").check()
    answer(page)
    answer(page, fill={"Why do you want to mentor?": "I want to help newly qualified GPs stay."})
    page.get_by_label("Yes", exact=True).check()
    answer(page, fill={"If yes, which qualification?": "ILM Level 5 Certificate in Coaching and Mentoring"})
    answer(page)  # the equality questions are optional
    answer(
        page,
        fill={"About me": "A partner in Hoylake for twelve years."},
        check=["Video", "Publish my biography in the scheme's mentor directory"],
    )
    expect(page.get_by_text("7123456")).to_be_visible()
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_text("Application sent", exact=False).first).to_be_visible()
    mentor = Mentor.objects.get(user=outsider, scheme=scheme)
    assert mentor.status == Mentor.Status.APPLIED

    staff_page = browser_context_for().new_page()
    log_in(staff_page, staff.email)
    staff_page.get_by_role("textbox", name=re.compile("code", re.IGNORECASE)).fill(totp_code(staff))
    staff_page.get_by_role("button", name="Sign in", exact=True).click()
    staff_page.goto("/admin/")
    staff_page.get_by_role("link", name="Mentor applications to review").click()
    staff_page.get_by_role("link", name="Review", exact=True).click()
    for _ in range(5):
        staff_page.get_by_role("button", name="Mark verified").first.click()
    expect(staff_page.get_by_role("button", name="Mark verified")).to_have_count(0)
    staff_page.get_by_label("Already qualified as a mentor").check()
    staff_page.get_by_role("button", name="Approve", exact=True).click()
    expect(staff_page.get_by_text("Approved: Active. We have emailed the applicant.")).to_be_visible()

    mentee_page = browser_context_for().new_page()
    log_in(mentee_page, mentee.email)
    mentee_page.goto(f"/mentors/{scheme.slug}/")
    mentee_page.get_by_role("link", name="Asha Patel").click()
    expect(mentee_page.get_by_text("A partner in Hoylake for twelve years.")).to_be_visible()
