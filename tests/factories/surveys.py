"""Mentorships at the point where survey emails fall due."""

import datetime

from django.utils import timezone

from accounts.models import User
from mentoring.models import Mentee, Mentor, Mentorship
from mentoring.services.mentorships import mentorship_accept, mentorship_propose
from mentoring.services.sessions import mentorship_complete, session_log
from tests.factories.mentoring import MenteeFactory, MentorFactory, complete_application


def completed_mentorship(scheme, staff, *, ended_on, mentee=None, mentor=None):
    """A mentee and mentor who met, then finished on ended_on, through the services."""
    mentee = mentee or MenteeFactory(scheme=scheme, role="salaried_gp", user__first_name="Priya")
    mentor = mentor or MentorFactory(scheme=scheme, status=Mentor.Status.ACTIVE, **complete_application())
    mentorship = mentorship_propose(mentee=mentee, mentor=mentor, by=staff)
    mentorship_accept(mentorship=mentorship, by=mentor.user)
    began = timezone.make_aware(datetime.datetime.combine(ended_on - datetime.timedelta(days=60), datetime.time(9)))
    Mentorship.objects.filter(pk=mentorship.pk).update(proposed_at=began, responded_at=began)
    mentorship.refresh_from_db()
    session_log(
        mentorship=mentorship,
        by=mentor.user,
        held_on=ended_on - datetime.timedelta(days=50),
        duration_minutes=60,
        mode="video",
        kind="introductory",
    )
    mentorship.refresh_from_db()
    return mentorship_complete(mentorship=mentorship, by=staff, ended_on=ended_on)


def due_follow_ups_in_bulk(scheme, count, *, due_on=None):
    """count completed mentorships whose follow-up survey is due, as raw rows: the services would take
    minutes to make thousands, and only the sweep is being measured."""
    due_on = due_on or timezone.localdate() - datetime.timedelta(days=1)
    mentor = MentorFactory(scheme=scheme, status=Mentor.Status.ACTIVE, **complete_application())
    stamp = timezone.now().strftime("%H%M%S%f")
    users = User.objects.bulk_create(
        User(email=f"mentee{i}.{stamp}@bulk.nhs.uk", first_name=f"Mentee{i}", password="!") for i in range(count)
    )
    mentees = Mentee.objects.bulk_create(
        Mentee(user=user, scheme=scheme, status=Mentee.Status.FINISHED, role="salaried_gp") for user in users
    )
    return Mentorship.objects.bulk_create(
        Mentorship(
            scheme=scheme,
            mentee=mentee,
            mentor=mentor,
            status=Mentorship.Status.COMPLETED,
            allowance_hours=8,
            ended_on=due_on - datetime.timedelta(days=90),
            follow_up_due_on=due_on,
        )
        for mentee in mentees
    )
