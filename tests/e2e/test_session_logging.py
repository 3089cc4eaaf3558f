"""On a phone: a mentor logs an introductory, a regular and a final session (confirming that the final
review ends the mentoring); the mentee sees all three, without the mentor's notes, and the final review
waiting for them. A mentor corrects a session within 7 days, and is refused after 7 days."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import Mentor, MentoringSession, Mentorship
from mentoring.services.mentorships import mentorship_accept, mentorship_propose
from mentoring.services.sessions import session_log
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


def fill_date(tab, legend, date):
    """The NHS.UK date input: day, month and year boxes in a fieldset."""
    group = tab.get_by_role("group", name=legend)
    group.get_by_label("Day", exact=True).fill(str(date.day))
    group.get_by_label("Month", exact=True).fill(str(date.month))
    group.get_by_label("Year", exact=True).fill(str(date.year))


def log_session(tab, *, held_on, kind, actions, extra=lambda tab: None, confirm=None):
    tab.get_by_role("link", name=re.compile("^Log a session")).first.click()
    expect(tab.get_by_role("heading", name="What kind of session are you logging?")).to_be_visible()
    assert fits_the_screen(tab)
    tab.get_by_label(kind, exact=True).check()
    tab.get_by_role("button", name="Continue").click()
    expect(tab.get_by_role("heading", name=kind)).to_be_visible()
    assert fits_the_screen(tab)
    fill_date(tab, "Date of the session", held_on)
    tab.get_by_label("How long it lasted, in minutes").fill("60")
    tab.get_by_role("group", name="How you met").get_by_label("Video", exact=True).check()
    tab.get_by_role("group", name="Did the session take place?").get_by_label("Held", exact=True).check()
    tab.get_by_label("Career direction", exact=True).check()
    tab.get_by_label("Actions agreed before the next meeting (optional)").fill(actions)
    extra(tab)
    tab.get_by_label("Your confidential notes (optional)").fill(NOTES)
    tab.get_by_role("button", name="Log this session").click()
    if confirm:
        confirm(tab)
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
        # Only a final review asks this, and it asks no next meeting.
        expect(tab.get_by_role("group", name="Date of the next meeting (optional)")).to_have_count(0)
        group = tab.get_by_role("group", name="Which of your mentee's reasons for mentoring were addressed?")
        group.get_by_label("Work-life balance", exact=True).check()

    def confirm_the_end(tab):
        expect(tab.get_by_text("This ends the mentoring and sends the final questionnaire")).to_be_visible()
        assert mentorship.sessions.count() == 2  # nothing logged until confirmed
        tab.get_by_role("button", name="Yes, end the mentoring").click()

    log_session(
        tab,
        held_on=today - datetime.timedelta(days=2),
        kind="Final review",
        actions="Review in six months",
        extra=reasons,
        confirm=confirm_the_end,
    )
    expect(tab.get_by_text("Completed", exact=True)).to_be_visible()
    expect(tab.get_by_text("Next meeting")).to_have_count(0)
    expect(tab.get_by_role("link", name=re.compile("^Log a session"))).to_have_count(0)
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
    expect(mentee_tab.get_by_role("group", name="Is this mentoring a good fit?")).to_have_count(0)
    assert NOTES not in mentee_tab.content()
    assert fits_the_screen(mentee_tab)


def test_a_mentor_corrects_a_session_within_seven_days_and_is_refused_after(page, live_server, scheme):
    mentor = with_mfa(MentorFactory(scheme=scheme, status=Mentor.Status.ACTIVE, **complete_application()).user)
    mentee = MenteeFactory(scheme=scheme, user__first_name="Ade", user__last_name="Bello").user
    mentorship = mentorship_propose(mentee=mentee.mentee_records.get(), mentor=mentor.mentor_records.get(), by=None)
    mentorship_accept(mentorship=mentorship, by=mentor)
    Mentorship.objects.filter(pk=mentorship.pk).update(proposed_at=timezone.now() - datetime.timedelta(days=60))
    mentorship.refresh_from_db()
    today = timezone.localdate()
    first = session_log(
        mentorship=mentorship,
        by=mentor,
        held_on=today - datetime.timedelta(days=30),
        duration_minutes=60,
        mode="video",
        kind=MentoringSession.Kind.INTRODUCTORY,
    ).session
    MentoringSession.objects.filter(pk=first.pk).update(logged_at=timezone.now() - datetime.timedelta(days=8))
    recent = session_log(
        mentorship=mentorship,
        by=mentor,
        held_on=today - datetime.timedelta(days=3),
        duration_minutes=45,
        mode="video",
        confidential_notes=NOTES,
    ).session

    tab = phone_tab(page, live_server)
    log_in(tab, mentor.email)
    tab.get_by_role("textbox", name=re.compile("code", re.IGNORECASE)).fill(totp_code(mentor))
    tab.get_by_role("button", name="Sign In").click()
    tab.get_by_role("link", name="Your mentees").click()
    tab.get_by_role("link", name="Ade Bello", exact=True).click()

    # The session logged 3 days ago can be corrected; the one logged 8 days ago cannot.
    sessions = tab.locator('[data-testid="session"]')
    expect(sessions.nth(0).get_by_role("link", name=re.compile("^Correct"))).to_have_count(0)
    sessions.nth(1).get_by_role("link", name=re.compile("^Correct")).click()
    expect(tab.get_by_role("heading", name="Correct a session")).to_be_visible()
    expect(tab.get_by_label("Your confidential notes (optional)")).to_have_value(NOTES)
    tab.get_by_label("How long it lasted, in minutes").fill("700")
    tab.get_by_role("button", name="Save the corrections").click()
    expect(tab.locator(".nhsuk-error-summary")).to_contain_text("A session must last between 1 and 600 minutes")
    tab.get_by_label("How long it lasted, in minutes").fill("75")
    fill_date(tab, "Date of the session", today - datetime.timedelta(days=4))
    tab.get_by_role("button", name="Save the corrections").click()
    expect(tab.locator(".nhsuk-notification-banner--success")).to_contain_text("is corrected")
    expect(sessions.nth(1)).to_contain_text("75 minutes")
    recent.refresh_from_db()
    assert (recent.duration_minutes, recent.held_on) == (75, today - datetime.timedelta(days=4))
    assert fits_the_screen(tab)

    # Going to the older session's correction page all the same is refused, with the reason.
    tab.goto(f"/mentor/mentees/{mentorship.pk}/sessions/{first.pk}/correct/")
    expect(tab.get_by_text("for 7 days after it is logged")).to_be_visible()
    expect(tab.get_by_role("heading", name="Ade Bello", exact=True)).to_be_visible()
    first.refresh_from_db()
    assert first.duration_minutes == 60
