"""A GP registers for mentoring, answers both questionnaires, staff match them, and the mentor accepts."""

import re

import pytest
from playwright.sync_api import expect

from mentoring.models import Mentee, Mentor, Mentorship
from surveys.models import Response
from tests.conftest import totp_code, with_mfa
from tests.e2e.test_sign_in import log_in
from tests.factories.mentoring import MentorFactory, complete_application
from tests.factories.schemes import practice

pytestmark = pytest.mark.e2e


def choose(page, label, *, within=None):
    (page.get_by_role("group", name=within) if within else page).get_by_label(label, exact=True).check()


def next_page(page):
    page.get_by_role("button", name="Continue").click()


def log_in_with_code(page, user):
    log_in(page, user.email)
    page.get_by_role("textbox", name=re.compile("code", re.IGNORECASE)).fill(totp_code(user))
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_register_answer_be_matched_and_accepted(page, browser_context_for, outsider, staff, scheme):
    practice(code="A81002", pcn_code="U22222")
    mentor = with_mfa(
        MentorFactory(
            scheme=scheme,
            status=Mentor.Status.ACTIVE,
            **complete_application(offers_video=True, focus_areas=["wellbeing"], practice=practice("A81003", "U33333")),
        ).user
    )

    # The GP registers; a page sent without an answer shows the NHS.UK error summary.
    log_in(page, outsider.email)
    page.get_by_role("link", name=f"Get a mentor with {scheme.name}").click()
    page.get_by_role("button", name="Start now").or_(page.get_by_role("link", name="Start now")).click()
    next_page(page)
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    summary.get_by_role("link").first.click()
    choose(page, "Salaried GP")
    next_page(page)
    choose(page, "Early to mid career")
    next_page(page)
    choose(page, "No")
    next_page(page)
    page.get_by_label("Your practice's ODS code", exact=True).fill("A81002")
    next_page(page)
    choose(page, "Work-life balance")
    next_page(page)
    choose(page, "None of these")
    next_page(page)
    choose(page, "No", within="Are you thinking of leaving the profession?")
    next_page(page)
    choose(page, "Video")
    next_page(page)
    next_page(page)  # equality questions are optional
    next_page(page)  # sharing answers is optional
    page.get_by_role("button", name="Register for mentoring").click()
    mentee = Mentee.objects.get(user=outsider, scheme=scheme)
    assert (mentee.status, mentee.reasons) == (Mentee.Status.WAITING, ["work_life_balance"])

    # Both questionnaires before the first session.
    page.get_by_role("link", name="How stressed you have felt").click()
    for group in page.locator("fieldset").all():
        group.get_by_label("Sometimes", exact=True).check()
    page.get_by_role("button", name="Submit").click()
    page.goto(f"/surveys/before/{mentee.pk}/")
    page.get_by_role("link", name="Your work-life balance").click()
    page.locator("fieldset").first.get_by_label("6", exact=True).check()
    page.get_by_role("button", name="Submit").click()
    completed = Response.objects.filter(mentee=mentee, completed_at__isnull=False)
    assert sorted(completed.values_list("code", "score")) == [("pss10", 20), ("wlb", 6)]

    # Staff match them from the waiting list.
    staff_page = browser_context_for().new_page()
    log_in_with_code(staff_page, staff)
    staff_page.goto("/admin/mentoring/mentee/")
    staff_page.get_by_role("link", name="Suggest mentors").click()
    staff_page.get_by_role("button", name="Propose this mentor").first.click()
    assert Mentorship.objects.get(mentee=mentee).status == Mentorship.Status.PROPOSED

    # The mentor accepts in the portal.
    mentor_page = browser_context_for().new_page()
    log_in_with_code(mentor_page, mentor)
    mentor_page.get_by_role("link", name="Mentees waiting for your answer: 1").click()
    mentor_page.get_by_role("link", name=outsider.first_name).click()
    mentor_page.get_by_role("button", name="Accept").click()
    expect(mentor_page.get_by_role("heading", name=f"You are mentoring {outsider.first_name}")).to_be_visible()
    assert Mentorship.objects.get(mentee=mentee).status == Mentorship.Status.ACCEPTED
