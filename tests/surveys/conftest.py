import datetime

import pytest
from django.utils import timezone

from mentoring.models import Mentee, Mentor, Mentorship
from mentoring.services.mentorships import mentorship_accept, mentorship_propose
from mentoring.services.sessions import mentorship_complete, session_log
from surveys.services import response_import, response_save, response_start

# A PSS-10 worked by hand: answers 3,3,3,0,0,3,1,0,3,3.
# Reversed items 4, 5, 7, 8 score 4-0, 4-0, 4-1, 4-0 = 4, 4, 3, 4 (15);
# the others 3+3+3+3+3+3 = 18; total 33: high at the default thresholds.
HIGH_STRESS = [3, 3, 3, 0, 0, 3, 1, 0, 3, 3]
HIGH_STRESS_TOTAL = 33
# All "Sometimes" (2): every item, reversed or not, scores 2; total 20, moderate.
MIDDLING = [2] * 10


@pytest.fixture
def mentee_record(mentee):
    return Mentee.objects.get(user=mentee)


@pytest.fixture
def mentor_record(mentor):
    return Mentor.objects.get(user=mentor)


def match(mentee_record, mentor_record, staff, *, completed=False, accepted=True):
    mentorship = mentorship_propose(mentee=mentee_record, mentor=mentor_record, by=staff)
    if accepted:
        mentorship_accept(mentorship=mentorship, by=mentor_record.user)
    if completed:
        today = timezone.localdate()
        session_log(mentorship=mentorship, by=mentor_record.user, held_on=today, duration_minutes=60, mode="video")
        mentorship_complete(mentorship=mentorship, by=staff, ended_on=today)
    return mentorship


def ended_and_followed_up(mentee_record, mentor_record, staff):
    """A mentorship that ended long enough ago that both the final review and the follow-up are asked."""
    mentorship = match(mentee_record, mentor_record, staff, completed=True)
    today = datetime.date.today()
    Mentorship.objects.filter(pk=mentorship.pk).update(
        ended_on=today - datetime.timedelta(days=100), follow_up_due_on=today - datetime.timedelta(days=1)
    )
    return mentorship


def answered(mentee_record, code, answers, *, by=None, mentorship=None):
    """A completed response, as the mentee would send it (answers in item order)."""
    response = response_start(mentee=mentee_record, code=code, by=by or mentee_record.user, mentorship=mentorship)
    numbered = dict(enumerate(answers, start=1))
    return response_save(response=response, answers=numbered, by=by or mentee_record.user, complete=True)


__all__ = [
    "HIGH_STRESS",
    "HIGH_STRESS_TOTAL",
    "MIDDLING",
    "answered",
    "ended_and_followed_up",
    "match",
    "response_import",
]
