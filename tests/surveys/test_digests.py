"""The weekly digest to scheme staff: one email a week each, counts with links to the admin filters, and no
names or addresses of mentees or mentors."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.models import OutboundEmail
from mentoring.services.mentorships import mentorship_propose
from surveys.digests import staff_digests_send
from surveys.dispatch import dispatch_sweep, on_email_given_up
from surveys.dispatch_models import StaffDigest, SurveyDispatch
from tests.factories.mentoring import MenteeFactory, MentorFactory, complete_application
from tests.factories.surveys import completed_mentorship


@pytest.mark.django_db
def test_each_member_of_staff_gets_one_digest_a_week_with_counts_and_no_names(scheme, staff, other_staff):
    mentee = MenteeFactory(scheme=scheme, role="salaried_gp", user__first_name="Ngozi", user__last_name="Okafor")
    mentor = MentorFactory(scheme=scheme, **complete_application())
    proposal = mentorship_propose(mentee=mentee, mentor=mentor, by=staff)
    completed_mentorship(scheme, staff, ended_on=timezone.localdate() - relativedelta(months=3, days=1))
    dispatch_sweep()
    on_email_given_up(None, email_id=SurveyDispatch.objects.get(kind="follow_up").email_id, reason="SMTPDataError 554")
    later = proposal.proposed_at + datetime.timedelta(days=8)

    first = staff_digests_send(now=later)
    again = staff_digests_send(now=later + datetime.timedelta(hours=1))

    assert len(first) == 2 and again == []  # alice and bob, once each
    email = OutboundEmail.objects.get(kind="staff_digest", to=staff.email)
    assert "Proposals the mentor has not answered in time: 1" in email.body_text
    assert "Survey emails that failed: 1" in email.body_text
    assert "/admin/mentoring/mentorship/?attention=unanswered" in email.body_text
    assert "/admin/surveys/surveydispatch/?status=failed" in email.body_text
    for personal in ("Ngozi", "Okafor", mentee.user.email, mentor.user.email):
        assert personal not in email.body_text
    other = OutboundEmail.objects.get(kind="staff_digest", to=other_staff.email)
    assert "Survey emails that failed: 0" in other.body_text
    assert StaffDigest.objects.count() == 2


@pytest.mark.django_db
def test_next_week_brings_the_next_digest(scheme, staff):
    now = timezone.now()

    staff_digests_send(now=now)
    staff_digests_send(now=now + datetime.timedelta(days=7))

    assert OutboundEmail.objects.filter(kind="staff_digest", to=staff.email).count() == 2
