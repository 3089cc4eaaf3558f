"""A mentor corrects or deletes a session they logged, for 7 days and until a submitted claim holds it;
what the session did to the mentorship (its start, its end) is kept true or the change is refused."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.models import AuditEvent
from mentoring import claim_locks
from mentoring.models import Mentee, Mentor, MentoringSession, Mentorship
from mentoring.services.mentors import MentorRuleBroken
from mentoring.services.mentorships import mentorship_accept, mentorship_propose
from mentoring.services.sessions import session_correct, session_delete, session_log

S = MentoringSession
NOTES = "Talked about the partnership vote"


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def mentorship(mentor, mentee):
    mentorship = mentorship_propose(
        mentee=Mentee.objects.get(user=mentee), mentor=Mentor.objects.get(user=mentor), by=None
    )
    mentorship_accept(mentorship=mentorship, by=mentor)
    Mentorship.objects.filter(pk=mentorship.pk).update(proposed_at=timezone.now() - datetime.timedelta(days=60))
    mentorship.refresh_from_db()
    return mentorship


def log(mentorship, *, held_days_ago, kind=S.Kind.REGULAR, attendance=S.Attendance.HELD, **fields):
    return session_log(
        mentorship=mentorship,
        by=mentorship.mentor.user,
        held_on=days_ago(held_days_ago),
        duration_minutes=60,
        mode="video",
        kind=kind,
        attendance=attendance,
        confidential_notes=NOTES,
        **fields,
    ).session


def logged_days_ago(session, days):
    S.objects.filter(pk=session.pk).update(logged_at=timezone.now() - datetime.timedelta(days=days))
    session.refresh_from_db()


@pytest.fixture
def claimed_sessions():
    """Stands in for the claims app's check: sessions whose ids are in the set are on a submitted claim."""
    claimed = set()

    def check(session):
        return session.pk in claimed

    claim_locks.register_claimed_session_check(check)
    yield claimed
    claim_locks._checks.remove(check)


@pytest.mark.django_db
def test_a_mentor_corrects_a_session_within_seven_days_and_it_is_audited_without_the_notes(mentorship, mentor):
    log(mentorship, held_days_ago=20, kind=S.Kind.INTRODUCTORY)
    session = log(mentorship, held_days_ago=10)
    logged_days_ago(session, 6)

    session_correct(
        session=session, by=mentor, duration_minutes=90, held_on=days_ago(9), confidential_notes="Corrected notes"
    )

    session.refresh_from_db()
    assert (session.duration_minutes, session.held_on, session.confidential_notes) == (
        90,
        days_ago(9),
        "Corrected notes",
    )
    event = AuditEvent.objects.get(action="session.correct")
    assert event.detail == {"fields": ["confidential_notes", "duration_minutes", "held_on"]}
    assert "Corrected" not in str(event.detail)


@pytest.mark.django_db
def test_after_seven_days_a_session_can_be_neither_corrected_nor_deleted(mentorship, mentor):
    log(mentorship, held_days_ago=20, kind=S.Kind.INTRODUCTORY)
    session = log(mentorship, held_days_ago=10)
    logged_days_ago(session, 8)

    with pytest.raises(MentorRuleBroken, match="for 7 days after it is logged"):
        session_correct(session=session, by=mentor, duration_minutes=90)
    with pytest.raises(MentorRuleBroken, match="for 7 days after it is logged"):
        session_delete(session=session, by=mentor)

    session.refresh_from_db()
    assert session.duration_minutes == 60
    assert not AuditEvent.objects.filter(action__in=["session.correct", "session.delete"]).exists()


@pytest.mark.django_db
def test_a_session_on_a_submitted_claim_can_be_neither_corrected_nor_deleted(mentorship, mentor, claimed_sessions):
    log(mentorship, held_days_ago=20, kind=S.Kind.INTRODUCTORY)
    session = log(mentorship, held_days_ago=10)
    claimed_sessions.add(session.pk)

    with pytest.raises(MentorRuleBroken, match="on a claim that has been submitted"):
        session_correct(session=session, by=mentor, duration_minutes=90)
    with pytest.raises(MentorRuleBroken, match="on a claim that has been submitted"):
        session_delete(session=session, by=mentor)

    assert S.objects.filter(pk=session.pk, duration_minutes=60).exists()


@pytest.mark.django_db
def test_only_the_mentor_who_logged_it_may_change_a_session(mentorship, staff, mentee):
    log(mentorship, held_days_ago=20, kind=S.Kind.INTRODUCTORY)
    session = log(mentorship, held_days_ago=10)

    for person in [staff, mentee]:
        with pytest.raises(MentorRuleBroken, match="Only the mentor who logged"):
            session_correct(session=session, by=person, duration_minutes=90)
        with pytest.raises(MentorRuleBroken, match="Only the mentor who logged"):
            session_delete(session=session, by=person)


@pytest.mark.django_db
def test_a_correction_keeps_the_rules_of_logging(mentorship, mentor):
    log(mentorship, held_days_ago=20, kind=S.Kind.INTRODUCTORY)
    session = log(mentorship, held_days_ago=10)

    with pytest.raises(MentorRuleBroken) as refused:
        session_correct(session=session, by=mentor, held_on=days_ago(-1), duration_minutes=601)

    assert set(refused.value.message_dict) == {"held_on", "duration_minutes"}
    with pytest.raises(MentorRuleBroken, match="cannot be corrected: kind"):
        session_correct(session=session, by=mentor, kind=S.Kind.FINAL)


@pytest.mark.django_db
def test_the_start_date_follows_the_earliest_held_session(mentorship, mentor):
    intro = log(mentorship, held_days_ago=20, kind=S.Kind.INTRODUCTORY)
    regular = log(mentorship, held_days_ago=10)

    session_correct(session=intro, by=mentor, held_on=days_ago(22))
    mentorship.refresh_from_db()
    assert mentorship.started_on == days_ago(22)

    session_correct(session=intro, by=mentor, attendance=S.Attendance.DID_NOT_ATTEND)
    mentorship.refresh_from_db()
    assert (mentorship.status, mentorship.started_on) == (Mentorship.Status.ACTIVE, regular.held_on)


@pytest.mark.django_db
def test_the_only_held_session_which_started_the_mentoring_stays(mentorship, mentor):
    intro = log(mentorship, held_days_ago=20, kind=S.Kind.INTRODUCTORY)

    with pytest.raises(MentorRuleBroken, match="only session that took place"):
        session_delete(session=intro, by=mentor)
    with pytest.raises(MentorRuleBroken, match="only session that took place"):
        session_correct(session=intro, by=mentor, attendance=S.Attendance.CANCELLED)

    mentorship.refresh_from_db()
    assert (mentorship.status, mentorship.started_on) == (Mentorship.Status.ACTIVE, days_ago(20))
    assert S.objects.filter(pk=intro.pk, attendance=S.Attendance.HELD).exists()


@pytest.mark.django_db
def test_deleting_a_session_is_audited_and_its_hours_no_longer_count(mentorship, mentor):
    log(mentorship, held_days_ago=20, kind=S.Kind.INTRODUCTORY)
    regular = log(mentorship, held_days_ago=10)

    session_delete(session=regular, by=mentor)

    assert list(mentorship.sessions.values_list("kind", flat=True)) == [S.Kind.INTRODUCTORY]
    event = AuditEvent.objects.get(action="session.delete")
    assert (event.target_id, event.detail) == (str(regular.pk), {"kind": "regular"})


@pytest.mark.django_db
def test_the_final_review_that_ended_the_mentoring_is_corrected_not_deleted(mentorship, mentor):
    log(mentorship, held_days_ago=20, kind=S.Kind.INTRODUCTORY)
    log(mentorship, held_days_ago=10)
    final = log(mentorship, held_days_ago=5, kind=S.Kind.FINAL)
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.COMPLETED

    with pytest.raises(MentorRuleBroken, match="ended the mentoring, so it cannot be deleted"):
        session_delete(session=final, by=mentor)
    with pytest.raises(MentorRuleBroken, match="stays a session that took place"):
        session_correct(session=final, by=mentor, attendance=S.Attendance.CANCELLED)
    with pytest.raises(MentorRuleBroken, match="on or after"):
        session_correct(session=final, by=mentor, held_on=days_ago(12))

    session_correct(session=final, by=mentor, held_on=days_ago(4))

    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.COMPLETED
    assert mentorship.ended_on == days_ago(4)
    assert mentorship.follow_up_due_on == days_ago(4) + relativedelta(months=mentorship.scheme.follow_up_months)


@pytest.mark.django_db
def test_after_the_mentoring_ended_an_earlier_session_stays_before_the_end(mentorship, mentor):
    log(mentorship, held_days_ago=20, kind=S.Kind.INTRODUCTORY)
    regular = log(mentorship, held_days_ago=10)
    log(mentorship, held_days_ago=5, kind=S.Kind.FINAL)

    with pytest.raises(MentorRuleBroken, match="must be on or before it"):
        session_correct(session=regular, by=mentor, held_on=days_ago(2))
    session_delete(session=regular, by=mentor)

    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.COMPLETED and mentorship.sessions.count() == 2


@pytest.mark.django_db
def test_a_missed_final_review_cannot_be_turned_into_the_end_by_a_correction(mentorship, mentor):
    log(mentorship, held_days_ago=20, kind=S.Kind.INTRODUCTORY)
    missed = log(mentorship, held_days_ago=5, kind=S.Kind.FINAL, attendance=S.Attendance.DID_NOT_ATTEND)

    with pytest.raises(MentorRuleBroken, match="delete this session and log it again"):
        session_correct(session=missed, by=mentor, attendance=S.Attendance.HELD)

    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ACTIVE
