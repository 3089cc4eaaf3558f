"""Claims test data, built through the services: a mentor on the scheme whose eligibility staff
verified, a mentorship old enough to log past sessions in, and sessions, training and conversations."""

import datetime

from django.utils import timezone

from claims.services import claim_decide_whole, claim_open_month, claim_submit
from mentoring.models import CareerConversation, MentoringSession, Mentorship
from mentoring.services.conversations import conversation_accept, conversation_part_log
from mentoring.services.mentors import mentor_activate
from mentoring.services.mentorships import mentorship_accept, mentorship_propose
from mentoring.services.sessions import session_log
from mentoring.services.training import training_session_record
from tests.factories.mentoring import MenteeFactory, approved_mentor

HELD = MentoringSession.Attendance.HELD


def claiming_mentor(scheme, **overrides):
    """An active mentor whose every eligibility item is verified: their claims can be approved."""
    mentor = approved_mentor(scheme, **overrides)
    return mentor_activate(mentor=mentor, by=None)


def mentorship_of(mentor, *, days_ago=400):
    mentee = MenteeFactory(scheme=mentor.scheme)
    mentorship = mentorship_propose(mentee=mentee, mentor=mentor, by=None)
    mentorship_accept(mentorship=mentorship, by=mentor.user)
    Mentorship.objects.filter(pk=mentorship.pk).update(proposed_at=timezone.now() - datetime.timedelta(days=days_ago))
    mentorship.refresh_from_db()
    return mentorship


def held(mentorship, held_on, *, attendance=HELD, by=None):
    return session_log(
        mentorship=mentorship,
        by=by or mentorship.mentor.user,
        held_on=held_on,
        duration_minutes=60,
        mode="video",
        attendance=attendance,
    ).session


def past_month(months_back=2):
    """The first day of a whole month in the past."""
    day = timezone.localdate().replace(day=1)
    for _ in range(months_back):
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return day


def mondays(month):
    first = month + datetime.timedelta(days=(7 - month.weekday()) % 7)
    return [first + datetime.timedelta(weeks=n) for n in range(4)]


def three_weeks(mentorship, month):
    """Held sessions in three ISO weeks of the month (two in the first), and a did-not-attend in a fourth."""
    week_1, week_2, week_3, week_4 = mondays(month)
    for day in (week_1, week_1 + datetime.timedelta(days=2), week_2, week_3 + datetime.timedelta(days=1)):
        held(mentorship, day)
    held(mentorship, week_4, attendance=MentoringSession.Attendance.DID_NOT_ATTEND)


def trained(mentor, *days):
    return [training_session_record(mentor=mentor, attended_on=day, by=None) for day in days]


def submitted_claim(mentor, month):
    claim = claim_open_month(mentor=mentor, month=month, by=mentor.user)
    return claim_submit(claim=claim, by=mentor.user, declaration=True)


def approved_claim(mentor, month, approver):
    claim = submitted_claim(mentor, month)
    return claim_decide_whole(claim=claim, by=approver, decision="approve")


def complete_conversation(facilitator, gp, *, held_on, needs=("cpd",)):
    from mentoring.services.conversations import conversation_outcome_record

    conversation = CareerConversation.objects.create(
        scheme=facilitator.scheme, gp=gp, facilitator=facilitator
    )  # a raw row: is_facilitator needs a completed course, which these tests do not care about
    CareerConversation.objects.filter(pk=conversation.pk).update(
        requested_at=timezone.now() - datetime.timedelta(days=400)
    )
    conversation.refresh_from_db()
    conversation_accept(conversation=conversation, by=facilitator.user)
    conversation_part_log(conversation=conversation, by=facilitator.user, part=1, held_on=held_on, duration_minutes=125)
    conversation_part_log(conversation=conversation, by=facilitator.user, part=2, held_on=held_on, duration_minutes=125)
    conversation.refresh_from_db()
    return conversation_outcome_record(
        conversation=conversation, by=facilitator.user, career_need_identified=True, career_needs=list(needs)
    )
