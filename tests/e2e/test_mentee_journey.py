"""A GP registers for mentoring with their name and preferred contact, answers both questionnaires
(shared with their mentor), staff match them, the mentor accepts, and each sees how to reach the other;
the mentor sees the shared scores."""

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
    expect(page.get_by_role("heading", name="What is your name?")).to_be_visible()
    page.get_by_label("First name", exact=True).fill("")
    page.get_by_label("Last name", exact=True).fill("")
    next_page(page)
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter your last name")
    summary.get_by_role("link", name="Enter your first name").click()
    page.get_by_label("First name", exact=True).fill("Priya")
    page.get_by_label("Last name", exact=True).fill("Shah")
    next_page(page)
    choose(page, "Phone", within="How would you like your mentor to contact you?")
    page.get_by_label("Phone number", exact=True).fill("banana")
    next_page(page)
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter a UK phone number")
    page.get_by_label("Phone number", exact=True).fill("07123456789")
    next_page(page)
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
    page.get_by_label("Share my questionnaire answers with my mentor", exact=True).check()
    next_page(page)
    expect(page.get_by_text("Priya Shah")).to_be_visible()
    expect(page.get_by_text("Phone: 07123 456789")).to_be_visible()
    page.get_by_role("button", name="Register for mentoring").click()
    mentee = Mentee.objects.get(user=outsider, scheme=scheme)
    assert (mentee.status, mentee.reasons) == (Mentee.Status.WAITING, ["work_life_balance"])
    assert (mentee.user.get_full_name(), mentee.phone) == ("Priya Shah", "07123 456789")

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
    expect(staff_page.get_by_role("link", name="Priya Shah")).to_be_visible()  # named, not an email address
    staff_page.get_by_role("link", name="Suggest mentors").click()
    staff_page.get_by_role("button", name="Propose this mentor").first.click()
    assert Mentorship.objects.get(mentee=mentee).status == Mentorship.Status.PROPOSED

    # The mentor accepts in the portal.
    mentor_page = browser_context_for().new_page()
    log_in_with_code(mentor_page, mentor)
    mentor_page.get_by_role("link", name="Mentees waiting for your answer: 1").click()
    mentor_page.get_by_role("link", name="Priya").click()
    expect(mentor_page.get_by_text(outsider.email)).to_have_count(0)  # not before accepting
    mentor_page.get_by_role("button", name="Accept").click()
    expect(mentor_page.get_by_role("heading", name="You are mentoring Priya")).to_be_visible()
    assert Mentorship.objects.get(mentee=mentee).status == Mentorship.Status.ACCEPTED
    contact = mentor_page.get_by_test_id("contact-details")
    expect(contact).to_contain_text("Priya Shah")
    expect(contact).to_contain_text(outsider.email)
    expect(contact).to_contain_text("Phone: 07123 456789")

    # The mentor's page for Priya shows the scores she shares, with a link to her answers.
    mentor_page.get_by_role("link", name="Go to your page for Priya Shah").click()
    expect(mentor_page.get_by_role("heading", name="Priya Shah", exact=True)).to_be_visible()
    scores = mentor_page.get_by_test_id("shared-scores")
    expect(scores).to_contain_text("Score 20 (moderate stress)")
    expect(scores).to_contain_text("Score 6")
    mentor_page.get_by_role("link", name="See Priya Shah’s answers").click()
    expect(mentor_page.get_by_role("heading", name="Priya Shah", exact=True)).to_be_visible()
    expect(mentor_page.get_by_text("Fairly often").or_(mentor_page.get_by_text("Sometimes")).first).to_be_visible()

    # Priya sees how to reach her mentor.
    page.goto("/")
    page.get_by_role("link", name="Your mentoring sessions").click()
    mentor_contact = page.get_by_test_id("contact-details")
    expect(mentor_contact).to_contain_text(mentor.get_full_name())
    expect(mentor_contact).to_contain_text(mentor.email)
