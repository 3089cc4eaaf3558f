"""On a phone: a mentor logs an introductory, a regular and a final session; the mentee sees all three,
without the mentor's notes, and the final review waiting for them."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import Mentor, Mentorship
from mentoring.services.mentorships import mentorship_accept, mentorship_propose
from tests.conftest import totp_code, with_mfa
from tests.e2e.test_sign_in import log_in
from tests.factories.mentoring import MenteeFactory, MentorFactory, complete_application

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
NOTES = "Private: talked about a difficult complaint"


def phone_tab(page, live_server):
    context = page.browser_for_test.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(15_000)
    return context.new_page()


def fits_the_screen(tab):
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def log_session(tab, *, held_on, kind, actions, extra=lambda tab: None):
    tab.get_by_role("link", name=re.compile("^Log a session")).first.click()
    expect(tab.get_by_role("heading", name="Log a session")).to_be_visible()
    assert fits_the_screen(tab)
    tab.get_by_label("Date of the session").fill(held_on.isoformat())
    tab.get_by_label("How long it lasted, in minutes").fill("60")
    tab.get_by_role("group", name="How you met").get_by_label("Video", exact=True).check()
    tab.get_by_role("group", name="Kind of session").get_by_label(kind, exact=True).check()
    tab.get_by_role("group", name="Did the session take place?").get_by_label("Held", exact=True).check()
    tab.get_by_label("Career direction", exact=True).check()
    tab.get_by_label("Actions agreed before the next meeting (optional)").fill(actions)
    extra(tab)
    tab.get_by_label("Your confidential notes (optional)").fill(NOTES)
    tab.get_by_role("button", name="Log this session").click()
    expect(tab.locator(".nhsuk-notification-banner--success")).to_contain_text("is logged")


def test_a_mentor_logs_three_sessions_on_a_phone_and_the_mentee_sees_them(page, live_server, scheme):
    mentor = with_mfa(MentorFactory(scheme=scheme, status=Mentor.Status.ACTIVE, **complete_application()).user)
    mentee = MenteeFactory(
        scheme=scheme, user__first_name="Sam", user__last_name="Okafor", reasons=["work_life_balance"]
    ).user
    mentorship = mentorship_propose(mentee=mentee.mentee_records.get(), mentor=mentor.mentor_records.get(), by=None)
    mentorship_accept(mentorship=mentorship, by=mentor)
    Mentorship.objects.filter(pk=mentorship.pk).update(proposed_at=timezone.now() - datetime.timedelta(days=30))
    today = timezone.localdate()

    tab = phone_tab(page, live_server)
    log_in(tab, mentor.email)
    tab.get_by_role("textbox", name=re.compile("code", re.IGNORECASE)).fill(totp_code(mentor))
    tab.get_by_role("button", name="Sign in", exact=True).click()
    tab.get_by_role("link", name="Your mentees").click()
    expect(tab.get_by_role("heading", name="Sam Okafor")).to_be_visible()
    assert fits_the_screen(tab)

    def agreement(tab):
        tab.get_by_role("group", name="Focus areas you agreed").get_by_label("Wellbeing", exact=True).check()
        tab.get_by_label("How you will work together").fill("Every three weeks on video")

    log_session(
        tab,
        held_on=today - datetime.timedelta(days=20),
        kind="Introductory (contracting)",
        actions="Keep a diary of the week",
        extra=agreement,
    )
    expect(tab.get_by_text(NOTES)).to_be_visible()  # the mentor's own page, the only place notes show
    tab.get_by_role("group", name="Is this mentoring a good fit?").get_by_label("A good fit", exact=True).check()
    tab.get_by_role("button", name="Save your answer").click()
    expect(tab.get_by_text("your answer is saved")).to_be_visible()

    log_session(
        tab, held_on=today - datetime.timedelta(days=10), kind="Regular", actions="Talk to the practice manager"
    )

    def reasons(tab):
        group = tab.get_by_role("group", name="Which of your mentee's reasons for mentoring were addressed?")
        group.get_by_label("Work-life balance", exact=True).check()

    log_session(
        tab,
        held_on=today - datetime.timedelta(days=2),
        kind="Final review",
        actions="Review in six months",
        extra=reasons,
    )
    expect(tab.get_by_text("Completed", exact=True)).to_be_visible()
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.COMPLETED and mentorship.mentor_fit == "good"

    mentee_tab = phone_tab(page, live_server)
    log_in(mentee_tab, mentee.email)
    mentee_tab.get_by_role("link", name="Your mentoring sessions").click()
    expect(mentee_tab.get_by_role("heading", name=f"With {mentor.get_full_name()}")).to_be_visible()
    expect(mentee_tab.locator('[data-testid="session"]')).to_have_count(3)
    for actions in ["Keep a diary of the week", "Talk to the practice manager", "Review in six months"]:
        expect(mentee_tab.get_by_text(actions)).to_be_visible()
    expect(mentee_tab.get_by_role("link", name="Answer the final session review")).to_be_visible()
    assert NOTES not in mentee_tab.content()
    assert fits_the_screen(mentee_tab)
