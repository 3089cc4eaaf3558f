"""A mentor logs sessions from the portal and sees their mentees at a glance; a mentee sees their own
sessions. Confidential notes are the mentor's alone, on every page and export."""

import datetime
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.views.debug import ExceptionReporter

from accounts.models import OutboundEmail
from mentoring.models import Mentee, Mentor, MentoringSession, Mentorship
from mentoring.services.mentors import MentorRuleBroken
from mentoring.services.mentorships import mentorship_accept, mentorship_propose
from mentoring.services.sessions import session_log
from mentoring.views import sessions
from schemes.models import Scheme
from surveys.models import Response
from tests.conftest import with_mfa
from tests.factories.mentoring import MenteeFactory, MentorFactory, complete_application

NOTES = "Worried about the partnership vote; mentioned insomnia"
S = MentoringSession


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def paired(mentor_user, mentee_user, *, began_days_ago=30):
    """Staff propose, the mentor accepts, and the mentoring is made to look as old as the test needs."""
    mentorship = mentorship_propose(
        mentee=Mentee.objects.get(user=mentee_user), mentor=Mentor.objects.get(user=mentor_user), by=None
    )
    mentorship_accept(mentorship=mentorship, by=mentor_user)
    Mentorship.objects.filter(pk=mentorship.pk).update(
        proposed_at=timezone.now() - datetime.timedelta(days=began_days_ago)
    )
    mentorship.refresh_from_db()
    return mentorship


def logged(mentorship, *, held_days_ago=7, **fields):
    fields = {"duration_minutes": 60, "mode": "video", "confidential_notes": NOTES} | fields
    return session_log(mentorship=mentorship, by=mentorship.mentor.user, held_on=days_ago(held_days_ago), **fields)


def date_parts(name, date):
    """A date as the NHS.UK date input posts it: day, month and year in three boxes."""
    if not date:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {f"{name}_day": str(date.day), f"{name}_month": str(date.month), f"{name}_year": str(date.year)}


def log_form(**overrides):
    """What a mentor posts on the session page (the kind is in the URL, chosen on the page before)."""
    overrides.pop("kind", None)
    dates = {name: overrides.pop(name) for name in ["held_on", "next_meeting_on"] if name in overrides}
    answers = {
        **date_parts("held_on", dates.get("held_on", days_ago(7))),
        "duration_minutes": "60",
        "mode": "video",
        "attendance": "held",
        "actions_agreed": "Draft a plan for the practice meeting",
        "confidential_notes": NOTES,
    }
    if "next_meeting_on" in dates:
        answers |= date_parts("next_meeting_on", dates["next_meeting_on"])
    return answers | overrides


def post_log(client, mentorship, *, kind="regular", confirm=True, follow=False, **overrides):
    """Log a session through the pages; a held final review is confirmed unless confirm=False."""
    answers = log_form(**overrides)
    if kind == "final" and confirm:
        answers["confirm"] = "yes"
    return client.post(log_url(mentorship, kind), answers, follow=follow)


def kind_url(mentorship):
    return reverse("mentoring:session_kind", args=[mentorship.pk])


def log_url(mentorship, kind="regular"):
    return reverse("mentoring:session_log", args=[mentorship.pk, kind])


def detail_url(mentorship):
    return reverse("mentoring:mentorship", args=[mentorship.pk])


@pytest.fixture
def mentorship(mentor, mentee):
    Mentee.objects.filter(user=mentee).update(reasons=["work_life_balance", "career_options"])
    return paired(mentor, mentee)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"held_on": days_ago(-1)}, "The date of the session must be today or in the past"),
        ({"held_on": days_ago(40)}, "The date of the session must be on or after"),
        ({"held_on": None}, "Enter the date of the session"),
        ({"held_on_month": ""}, "The date of the session must include a month"),
        ({"held_on_day": "31", "held_on_month": "2"}, "The date of the session must be a real date"),
        ({"duration_minutes": "0"}, "A session must last between 1 and 600 minutes (10 hours). You entered 0"),
        ({"duration_minutes": "601"}, "A session must last between 1 and 600 minutes (10 hours). You entered 601"),
        ({"duration_minutes": ""}, "Enter how long the session lasted in minutes, like 60"),
        ({"mode": ""}, "Select how you met"),
        ({"next_meeting_on": days_ago(8)}, "The next meeting must be after the date of this session"),
    ],
)
def test_a_session_breaking_a_rule_is_refused_with_its_message(client, mentor, mentorship, overrides, message):
    client.force_login(mentor)

    response = post_log(client, mentorship, **overrides)

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert not MentoringSession.objects.exists()
    if "held_on" in str(overrides):
        assert '<a href="#id_held_on_0">' in page  # the error summary leads to the day box


@pytest.mark.django_db
def test_the_log_form_offers_the_schemes_topics_and_only_the_mentees_own_reasons(client, mentor, mentorship):
    client.force_login(mentor)

    page = client.get(log_url(mentorship, "final")).content.decode()

    assert "Only you can see these notes" in page
    for topic in mentorship.scheme.session_topics:
        assert topic in page
    assert "Work-life balance" in page and "Career options" in page
    assert "Stress management" not in page
    # Nothing is chosen for the mentor: neither the kind nor whether it took place.
    kind_page = client.get(kind_url(mentorship)).content.decode()
    assert 'value="introductory"' in kind_page and "checked" not in kind_page
    assert not re.search(r'name="attendance"[^>]*checked', page)


@pytest.mark.django_db
def test_the_first_held_session_makes_the_mentorship_active_and_records_the_agreement(client, mentor, mentorship):
    client.force_login(mentor)
    held_on = days_ago(10)

    response = post_log(
        client,
        mentorship,
        kind="introductory",
        held_on=held_on,
        agreed_focus_areas=["wellbeing", "leadership"],
        working_agreement="Fortnightly on video, an hour each",
        next_meeting_on=days_ago(-4),
        follow=True,
    )

    assert "Introductory (contracting) session on" in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ACTIVE
    assert mentorship.started_on == held_on
    session = mentorship.sessions.get()
    assert (session.kind, session.agreed_focus_areas, session.working_agreement) == (
        S.Kind.INTRODUCTORY,
        ["wellbeing", "leadership"],
        "Fortnightly on video, an hour each",
    )
    assert session.confidential_notes == NOTES and session.logged_by == mentor


@pytest.mark.django_db
def test_a_regular_session_does_not_keep_an_agreement_ticked_by_mistake(client, mentor, mentorship):
    client.force_login(mentor)

    post_log(client, mentorship, agreed_focus_areas=["wellbeing"], reasons_addressed=["career_options"])

    session = mentorship.sessions.get()
    assert (session.kind, session.agreed_focus_areas, session.reasons_addressed) == (S.Kind.REGULAR, [], [])


@pytest.mark.django_db
def test_a_session_the_mentee_missed_does_not_start_the_mentoring(client, mentor, mentorship):
    client.force_login(mentor)

    post_log(client, mentorship, kind="introductory", attendance="did_not_attend")

    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ACCEPTED and mentorship.started_on is None


@pytest.mark.django_db
def test_the_final_review_completes_the_mentorship_and_opens_the_mentees_questionnaire(
    client, mentor, mentee, mentorship
):
    logged(mentorship, kind=S.Kind.INTRODUCTORY, held_days_ago=20)
    client.force_login(mentor)

    asked = post_log(
        client, mentorship, kind="final", held_on=days_ago(3), reasons_addressed=["career_options"], confirm=False
    ).content.decode()

    # A held final review ends the mentoring: the mentor confirms first, and nothing happens until then.
    assert "This ends the mentoring and sends the final questionnaire" in asked
    assert mentorship.sessions.count() == 1
    assert NOTES in asked  # carried to the next step in the mentor's own page, as typed
    changed = client.post(log_url(mentorship, "final"), {**log_form(held_on=days_ago(3)), "change": "yes"})
    assert "Log this session" in changed.content.decode() and "There is a problem" not in changed.content.decode()
    post_log(client, mentorship, kind="final", held_on=days_ago(3), reasons_addressed=["career_options"])

    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.COMPLETED
    assert mentorship.ended_on == days_ago(3)
    assert mentorship.follow_up_due_on == days_ago(3) + relativedelta(months=mentorship.scheme.follow_up_months)
    assert mentorship.sessions.get(kind=S.Kind.FINAL).reasons_addressed == ["career_options"]
    review = Response.objects.get(mentee__user=mentee, code="final_review")
    assert review.mentorship == mentorship and review.completed_at is None
    assert Mentee.objects.get(user=mentee).status == Mentee.Status.FINISHED

    client.force_login(mentee)
    page = client.get(reverse("mentoring:my_sessions")).content.decode()
    assert "Answer the final session review" in page
    assert reverse("surveys:respond", args=[mentorship.mentee_id, "final_review"]) in page
    # Once ended, no more sessions: the mentor is sent back with a message.
    client.force_login(mentor)
    assert client.get(kind_url(mentorship), follow=True).redirect_chain[-1][0] == detail_url(mentorship)
    assert client.get(log_url(mentorship), follow=True).redirect_chain[-1][0] == detail_url(mentorship)


@pytest.mark.django_db
def test_logging_past_the_allowance_is_allowed_with_a_warning(client, mentor, mentorship):
    logged(mentorship, kind=S.Kind.INTRODUCTORY, duration_minutes=420, held_days_ago=20)
    client.force_login(mentor)

    page = post_log(client, mentorship, duration_minutes="120", follow=True).content.decode()

    assert mentorship.sessions.count() == 2
    assert f"past its allowance of {mentorship.allowance_hours} hours" in page
    page = client.get(reverse("mentoring:mentor_home")).content.decode()
    assert f"9 of {mentorship.allowance_hours} hours" in page and "Over the hours allowance" in page


@pytest.mark.django_db
def test_the_mentor_home_lists_hours_last_and_next_sessions(client, mentor, mentee, mentorship):
    logged(mentorship, kind=S.Kind.INTRODUCTORY, duration_minutes=90, held_days_ago=14, next_meeting_on=days_ago(-14))
    client.force_login(mentor)

    page = client.get(reverse("mentoring:mentor_home")).content.decode()

    assert mentee.get_full_name() in page
    assert f"1.5 of {mentorship.allowance_hours} hours" in page
    assert f"{days_ago(14):%-d %B %Y}" in page and f"{days_ago(-14):%-d %B %Y}" in page
    assert kind_url(mentorship) in page
    assert NOTES not in page


@pytest.mark.django_db
def test_a_gp_fellow_with_no_session_for_four_weeks_is_flagged_to_the_mentor(client, mentor, mentee, scheme):
    Mentee.objects.filter(user=mentee).update(is_gp_fellow=True)
    fellow = paired(mentor, mentee, began_days_ago=60)
    logged(fellow, kind=S.Kind.INTRODUCTORY, held_days_ago=30)
    other = MenteeFactory(scheme=scheme, user__first_name="Jo", user__last_name="Quiet").user
    not_a_fellow = paired(mentor, other, began_days_ago=60)
    logged(not_a_fellow, kind=S.Kind.INTRODUCTORY, held_days_ago=30)
    client.force_login(mentor)

    page = client.get(reverse("mentoring:mentor_home")).content.decode()

    assert page.count("GP fellow with no session for 4 weeks") == 1
    fellow_card = page.split(f'data-testid="mentee-{fellow.pk}"')[1].split("</li>")[0]
    assert "GP fellow with no session for 4 weeks" in fellow_card


@pytest.mark.django_db
def test_the_fit_check_is_asked_after_the_introductory_session_and_not_a_fit_tells_staff(
    client, mentor, mentee, mentorship, staff
):
    client.force_login(mentor)
    assert "Is this mentoring a good fit?" not in client.get(detail_url(mentorship)).content.decode()
    logged(mentorship, kind=S.Kind.INTRODUCTORY)

    assert "Is this mentoring a good fit?" in client.get(detail_url(mentorship)).content.decode()
    client.post(detail_url(mentorship), {"answer": "good"})
    mentorship.refresh_from_db()
    assert mentorship.mentor_fit == Mentorship.Fit.GOOD
    assert "Is this mentoring a good fit?" not in client.get(detail_url(mentorship)).content.decode()
    assert not OutboundEmail.objects.filter(to=staff.email).exists()

    client.force_login(mentee)
    assert "Is this mentoring a good fit?" in client.get(reverse("mentoring:my_sessions")).content.decode()
    client.post(
        reverse("mentoring:mentee_fit_check", args=[mentorship.pk]), {f"fit-{mentorship.pk}-answer": "not_a_fit"}
    )

    mentorship.refresh_from_db()
    assert mentorship.mentee_fit == Mentorship.Fit.NOT_A_FIT
    assert OutboundEmail.objects.filter(to=staff.email, subject__contains="may not be a good fit").exists()


@pytest.mark.django_db
def test_the_mentee_sees_their_sessions_and_hours_remaining_but_never_the_notes(client, mentor, mentee, mentorship):
    logged(mentorship, kind=S.Kind.INTRODUCTORY, duration_minutes=90, actions_agreed="Book a week of leave")
    client.force_login(mentee)

    page = client.get(reverse("mentoring:my_sessions")).content.decode()

    assert mentor.get_full_name() in page
    assert "Book a week of leave" in page and "90 minutes" in page and "Video" in page
    assert f"6.5 of {mentorship.allowance_hours} hours" in page
    assert NOTES not in page


@pytest.fixture
def second_mentor(scheme):
    return with_mfa(MentorFactory(scheme=scheme, status=Mentor.Status.ACTIVE, **complete_application()).user)


PRIVACY_MATRIX = ["second_mentor", "other_mentor", "mentee", "staff", "superuser"]


@pytest.mark.django_db
@pytest.mark.parametrize("reader", PRIVACY_MATRIX)
def test_nobody_but_the_mentor_reaches_the_mentor_pages(client, mentorship, reader, request):
    logged(mentorship, kind=S.Kind.INTRODUCTORY)
    client.force_login(request.getfixturevalue(reader))

    session = mentorship.sessions.get()
    for url in [
        detail_url(mentorship),
        kind_url(mentorship),
        log_url(mentorship),
        reverse("mentoring:session_correct", args=[mentorship.pk, session.pk]),
        reverse("mentoring:session_delete", args=[mentorship.pk, session.pk]),
    ]:
        assert client.get(url).status_code == 404
        assert client.post(url, log_form(answer="good")).status_code == 404
    assert mentorship.sessions.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("reader", PRIVACY_MATRIX)
def test_the_notes_are_on_no_page_or_export_anyone_else_can_see(client, mentorship, reader, request):
    session = logged(mentorship, kind=S.Kind.INTRODUCTORY).session
    client.force_login(request.getfixturevalue(reader))
    pages = [
        reverse("portal"),
        reverse("mentoring:mentor_home"),
        reverse("mentoring:my_sessions"),
        reverse("admin:mentoring_mentorship_changelist"),
        reverse("admin:mentoring_mentorship_change", args=[mentorship.pk]),
        reverse("admin:mentoring_mentorship_export"),
        reverse("admin:mentoring_mentorship_changelist") + f"?q={mentorship.mentee.user.last_name}",
    ]

    for url in pages:
        response = client.get(url, follow=True)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert NOTES not in body.decode(), url
        assert response.status_code in (200, 403, 404), url
    assert MentoringSession.objects.filter(pk=session.pk, logged_by_staff=False).exists()  # something to leak


@pytest.mark.django_db
def test_the_mentor_reads_their_own_notes_on_the_mentorship_page_only(client, mentor, mentorship):
    logged(mentorship, kind=S.Kind.INTRODUCTORY)
    client.force_login(mentor)

    assert NOTES in client.get(detail_url(mentorship)).content.decode()
    assert NOTES not in client.get(reverse("mentoring:mentor_home")).content.decode()


@pytest.mark.django_db
def test_the_notes_column_in_the_database_is_not_the_plain_text(mentorship):
    session = logged(mentorship, kind=S.Kind.INTRODUCTORY).session

    with connection.cursor() as cursor:
        cursor.execute("SELECT confidential_notes FROM mentoring_mentoringsession WHERE id = %s", [session.pk])
        (stored,) = cursor.fetchone()

    assert stored and NOTES not in stored and "insomnia" not in stored
    assert MentoringSession.objects.get(pk=session.pk).confidential_notes == NOTES


@pytest.mark.django_db
def test_the_notes_are_not_in_the_audit_log(mentorship):
    from accounts.models import AuditEvent

    logged(mentorship, kind=S.Kind.INTRODUCTORY)

    assert AuditEvent.objects.filter(action="session.log").exists()
    assert not any(NOTES in str(event.__dict__) for event in AuditEvent.objects.all())


@pytest.mark.django_db
def test_the_mentor_home_runs_a_fixed_number_of_queries_whatever_the_number_of_mentees(
    client, mentor, mentorship, scheme, django_assert_max_num_queries
):
    logged(mentorship, kind=S.Kind.INTRODUCTORY)
    client.force_login(mentor)
    with CaptureQueriesContext(connection) as one_mentee:
        client.get(reverse("mentoring:mentor_home"))
    for number in range(3):
        more = paired(mentor, MenteeFactory(scheme=scheme, is_gp_fellow=bool(number % 2)).user)
        logged(more, kind=S.Kind.INTRODUCTORY, next_meeting_on=days_ago(-7))
        logged(more, held_days_ago=2)

    with django_assert_max_num_queries(len(one_mentee)):
        page = client.get(reverse("mentoring:mentor_home")).content.decode()

    assert page.count("Log a session") == 4


@pytest.mark.django_db
def test_the_mentees_page_runs_a_fixed_number_of_queries(client, mentee, mentorship, django_assert_max_num_queries):
    logged(mentorship, kind=S.Kind.INTRODUCTORY, held_days_ago=20)
    client.force_login(mentee)
    with CaptureQueriesContext(connection) as one_session:
        client.get(reverse("mentoring:my_sessions"))
    for days in (15, 10, 5):
        logged(mentorship, held_days_ago=days)

    with django_assert_max_num_queries(len(one_session)):
        page = client.get(reverse("mentoring:my_sessions")).content.decode()

    assert page.count('data-testid="session"') == 4


@pytest.mark.django_db
def test_an_error_while_logging_reports_nothing_the_mentor_typed(rf, mentor, mentorship, monkeypatch):
    """An error report (the debug page, the admins' email, an error tracker) cleanses the POST and every
    local variable of the log view, so the notes cannot leak through a crash."""

    def broken_service(**fields):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(sessions, "session_log", broken_service)
    request = rf.post(log_url(mentorship, "introductory"), log_form())
    request.user = mentor

    with pytest.raises(RuntimeError) as crash:
        sessions.session_log_view(request, pk=mentorship.pk, kind="introductory")

    report = ExceptionReporter(request, crash.type, crash.value, crash.tb).get_traceback_text()
    assert "the database went away" in report
    assert NOTES not in report and "insomnia" not in report


@pytest.mark.django_db
def test_a_mentoring_ended_in_another_tab_shows_the_services_refusal_in_the_error_summary(
    client, mentor, mentorship, monkeypatch
):
    # Stands in for a second tab ending the mentoring between the form's checks and the service's lock.
    def ended_meanwhile(**fields):
        raise MentorRuleBroken("Sessions can be logged once the mentor has accepted, until the mentoring ends")

    monkeypatch.setattr(sessions, "session_log", ended_meanwhile)
    client.force_login(mentor)

    page = post_log(client, mentorship).content.decode()

    assert "There is a problem" in page and "until the mentoring ends" in page


@pytest.mark.django_db
def test_without_scheme_topics_or_mentee_reasons_those_questions_are_not_asked(client, mentor, mentee, scheme):
    Scheme.objects.filter(pk=scheme.pk).update(session_topics=[])
    mentorship = paired(mentor, mentee)
    client.force_login(mentor)

    page = client.get(log_url(mentorship, "final")).content.decode()

    assert "Topics you talked about" not in page and "reasons for mentoring were addressed" not in page
    post_log(client, mentorship, kind="final")
    session = mentorship.sessions.get()
    assert (session.topics, session.reasons_addressed) == ([], [])


@pytest.mark.django_db
def test_a_mentee_sending_the_fit_check_without_an_answer_is_asked_again(client, mentee, mentorship):
    logged(mentorship, kind=S.Kind.INTRODUCTORY)
    client.force_login(mentee)

    page = client.post(reverse("mentoring:mentee_fit_check", args=[mentorship.pk]), follow=True).content.decode()

    assert "Select whether the mentoring is a good fit" in page and "Is this mentoring a good fit?" in page
    mentorship.refresh_from_db()
    assert mentorship.mentee_fit == ""


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["mentor", "second_mentor", "staff", "superuser"])
def test_only_the_mentee_answers_their_own_fit_check(client, mentorship, reader, request):
    logged(mentorship, kind=S.Kind.INTRODUCTORY)
    client.force_login(request.getfixturevalue(reader))

    response = client.post(
        reverse("mentoring:mentee_fit_check", args=[mentorship.pk]), {f"fit-{mentorship.pk}-answer": "not_a_fit"}
    )

    assert response.status_code == 404
    mentorship.refresh_from_db()
    assert mentorship.mentee_fit == ""


# Correcting and deleting a session


def correct_url(session):
    return reverse("mentoring:session_correct", args=[session.mentorship_id, session.pk])


def delete_url(session):
    return reverse("mentoring:session_delete", args=[session.mentorship_id, session.pk])


@pytest.mark.django_db
def test_the_mentor_corrects_a_session_from_its_page_within_seven_days(client, mentor, mentorship):
    logged(mentorship, kind=S.Kind.INTRODUCTORY, held_days_ago=20)
    session = logged(mentorship, held_days_ago=10).session
    client.force_login(mentor)

    detail = client.get(detail_url(mentorship)).content.decode()
    assert correct_url(session) in detail and delete_url(session) in detail
    form = client.get(correct_url(session)).content.decode()
    assert f'id="id_held_on_0" name="held_on_day" type="text" inputmode="numeric" value="{days_ago(10).day}"' in form
    assert 'for="id_held_on_2">Year</label>' in form
    assert NOTES in form and "Your agreement" not in form  # a regular session: no agreement asked

    page = client.post(
        correct_url(session), log_form(held_on=days_ago(9), duration_minutes="75"), follow=True
    ).content.decode()

    assert "is corrected" in page
    session.refresh_from_db()
    assert (session.held_on, session.duration_minutes, session.kind) == (days_ago(9), 75, S.Kind.REGULAR)


@pytest.mark.django_db
def test_after_seven_days_the_correction_pages_send_the_mentor_back_with_the_reason(client, mentor, mentorship):
    logged(mentorship, kind=S.Kind.INTRODUCTORY, held_days_ago=20)
    session = logged(mentorship, held_days_ago=10).session
    S.objects.filter(pk=session.pk).update(logged_at=timezone.now() - datetime.timedelta(days=8))
    client.force_login(mentor)

    assert correct_url(session) not in client.get(detail_url(mentorship)).content.decode()
    for url in [correct_url(session), delete_url(session)]:
        response = client.post(url, log_form(duration_minutes="75"), follow=True)
        assert response.redirect_chain[-1][0] == detail_url(mentorship)
        assert "for 7 days after it is logged" in response.content.decode()
    session.refresh_from_db()
    assert session.duration_minutes == 60


@pytest.mark.django_db
def test_the_mentor_deletes_a_session_after_confirming_and_is_told_why_when_it_must_stay(client, mentor, mentorship):
    intro = logged(mentorship, kind=S.Kind.INTRODUCTORY, held_days_ago=20).session
    regular = logged(mentorship, held_days_ago=10).session
    client.force_login(mentor)

    assert "Delete the regular session on" in client.get(delete_url(regular)).content.decode()
    assert delete_url(regular) in client.get(detail_url(mentorship)).content.decode()
    assert "is deleted" in client.post(delete_url(regular), follow=True).content.decode()
    assert not S.objects.filter(pk=regular.pk).exists()

    detail = client.get(detail_url(mentorship)).content.decode()
    assert delete_url(intro) not in detail and correct_url(intro) in detail  # it can only be corrected now
    refused = client.post(delete_url(intro)).content.decode()
    assert "There is a problem" in refused and "which started the mentoring, so it cannot be deleted" in refused
    assert S.objects.filter(pk=intro.pk).exists()


@pytest.mark.django_db
def test_once_the_mentoring_has_finished_the_next_meeting_and_fit_question_are_gone(client, mentor, mentee, mentorship):
    logged(mentorship, kind=S.Kind.INTRODUCTORY, held_days_ago=20, next_meeting_on=days_ago(10))
    client.force_login(mentee)
    assert "Is this mentoring a good fit?" in client.get(reverse("mentoring:my_sessions")).content.decode()
    client.force_login(mentor)
    assert "Next meeting" in client.get(detail_url(mentorship)).content.decode()

    logged(mentorship, kind=S.Kind.FINAL, held_days_ago=3)

    detail = client.get(detail_url(mentorship)).content.decode()
    assert "Next meeting" not in detail and "Is this mentoring a good fit?" not in detail
    assert "Mentoring ended" in detail and "Log a session" not in detail
    assert "Next meeting" not in client.get(reverse("mentoring:mentor_home")).content.decode()
    client.force_login(mentee)
    assert "Is this mentoring a good fit?" not in client.get(reverse("mentoring:my_sessions")).content.decode()


@pytest.mark.django_db
def test_the_mentor_page_names_the_mentee_everywhere_and_shows_their_contact_details(
    client, mentor, mentee, mentorship
):
    client.force_login(mentor)

    home = client.get(reverse("mentoring:mentor_home")).content.decode()
    assert f'Log a session<span class="nhsuk-u-visually-hidden"> with {mentee.get_full_name()}</span>' in home
    detail = client.get(detail_url(mentorship)).content.decode()
    assert f'<h1 class="nhsuk-heading-l">{mentee.get_full_name()}</h1>' in detail
    assert "How to contact your mentee" in detail and mentee.email in detail
    assert f"Log a session with {mentee.get_full_name()}" in client.get(kind_url(mentorship)).content.decode()


@pytest.mark.django_db
def test_the_mentor_sees_shared_scores_and_bands_with_a_link_to_the_answers(client, mentor, mentee, mentorship):
    from mentoring.services.mentees import mentee_update
    from tests.surveys.conftest import HIGH_STRESS, answered

    record = Mentee.objects.get(user=mentee)
    answered(record, "pss10", HIGH_STRESS)
    answered(record, "wlb", [4])
    client.force_login(mentor)

    private = client.get(detail_url(mentorship)).content.decode()
    assert "has chosen not to share their questionnaire answers" in private and "Score 33" not in private

    mentee_update(mentee=record, by=mentee, shares_questionnaires_with_mentor=True)
    shared = client.get(detail_url(mentorship)).content.decode()

    assert "Score 33 (high stress)" in shared and "Score 4" in shared
    assert reverse("surveys:answers", args=[record.pk]) in shared


@pytest.mark.django_db
def test_an_unknown_kind_of_session_is_not_found(client, mentor, mentorship):
    client.force_login(mentor)

    assert client.get(log_url(mentorship, "banana")).status_code == 404
    assert client.post(kind_url(mentorship), {}).status_code == 200  # asked again, with the error summary
