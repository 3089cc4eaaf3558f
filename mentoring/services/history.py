"""A hub's mentoring history, recorded as it happened: a mentorship with its held sessions, moved onto
the service from spreadsheets (mentoring.imports.mentorships checks the rows first).

History is a record, not a new decision: the match is not proposed to the mentor or emailed to anyone,
and the eligibility gate that holds new matches does not apply. The rules that keep the record sound
are checked again here: one open mentorship per mentee (the database holds it too), the mentor's
places, and sessions not in the future nor before the mentor was approved. Sessions go through
session_log as staff log them, so they carry no confidential notes.
"""

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from accounts.services import audit
from mentoring import rules
from mentoring.codes import Mode
from mentoring.models import Mentee, Mentor, MentoringSession, Mentorship
from mentoring.services.mentors import MentorRuleBroken
from mentoring.services.sessions import mentorship_complete, session_log
from mentoring.transitions import status_change

LONDON = ZoneInfo("Europe/London")
S = MentoringSession


def mentorship_history_problem(*, mentee, mentor, status, first_held_on):
    """Why this pair's history cannot be recorded, or None. Call with both rows locked."""
    if mentee.scheme_id != mentor.scheme_id:
        return "The mentor and mentee are on different schemes"
    if (
        status == Mentorship.Status.ACTIVE
        and Mentorship.objects.filter(mentee=mentee, status__in=Mentorship.OPEN).exists()
    ):
        return "The mentee already has an open mentorship"
    if mentee.status != Mentee.Status.WAITING:
        return "The mentee is not waiting for a mentor: their mentoring has finished or they withdrew"
    if mentor.approved_on is None:
        return "The mentor has not been approved"
    if first_held_on < mentor.approved_on:
        return f"The first session, {first_held_on:%d/%m/%Y}, is before the mentor was approved"
    if status == Mentorship.Status.ACTIVE:
        if mentor.status not in (Mentor.Status.ACTIVE, Mentor.Status.PAUSED):
            return "The mentor is not active, so cannot have a mentorship going on"
        if mentor.mentorships.filter(status__in=Mentorship.HOLDS_A_PLACE).count() >= (mentor.capacity or 0):
            return "The mentor has no place left"
    return None


def mentorship_history_record(
    *,
    mentee,
    mentor,
    status,
    sessions,
    by,
    ended_on=None,
    end_reason="",
    reasons_addressed=(),
    mode=Mode.VIDEO,
):
    """Record a mentorship that began before the move: `sessions` are (date, minutes) in date order,
    the first the introductory session (its date is the match date), the last of a completed one the
    final review. Returns the mentorship; the final-review response, if any, is the caller's."""
    if not sessions:
        raise MentorRuleBroken("A mentorship's history needs at least its introductory session")
    for _held_on, minutes in sessions:
        if problem := rules.session_minutes_problem(minutes):
            raise MentorRuleBroken(problem)
    last_held_on = sessions[-1][0]
    if status != Mentorship.Status.ACTIVE and (ended_on is None or ended_on < last_held_on):
        raise MentorRuleBroken("The end date must be on or after the last session")
    with transaction.atomic():
        mentor = Mentor.objects.select_for_update(of=("self",)).get(pk=mentor.pk)
        mentee = Mentee.objects.select_for_update(of=("self",)).get(pk=mentee.pk)
        if problem := mentorship_history_problem(
            mentee=mentee, mentor=mentor, status=status, first_held_on=sessions[0][0]
        ):
            raise MentorRuleBroken(problem)
        began = datetime.datetime.combine(sessions[0][0], datetime.time.min, tzinfo=LONDON)
        mentorship = Mentorship.objects.create(
            scheme_id=mentee.scheme_id,
            mentee=mentee,
            mentor=mentor,
            status=Mentorship.Status.ACCEPTED,
            proposed_at=began,
            proposed_by=by,
            responded_at=began,
            allowance_hours=mentee.scheme.mentee_allowance_hours,
        )
        audit(actor=by, action="mentorship.import", target=mentorship, scheme=mentee.scheme, to=status)
        status_change(mentee, "match", by=by)
        completed = status == Mentorship.Status.COMPLETED
        for index, (held_on, minutes) in enumerate(sessions):
            if index == 0:
                kind = S.Kind.INTRODUCTORY
            elif completed and index == len(sessions) - 1:
                kind = S.Kind.FINAL
            else:
                kind = S.Kind.REGULAR
            session_log(
                mentorship=mentorship,
                by=by,
                held_on=held_on,
                duration_minutes=minutes,
                mode=mode,
                kind=kind,
                reasons_addressed=reasons_addressed if kind == S.Kind.FINAL else (),
                by_staff=True,
            )
        mentorship.refresh_from_db()
        if completed:
            if mentorship.status != Mentorship.Status.COMPLETED:  # one session only: introduction and end
                mentorship_complete(mentorship=mentorship, by=by, ended_on=ended_on)
            mentorship.ended_on = ended_on
            mentorship.follow_up_due_on = rules.history_follow_up_due_on(mentee.scheme, ended_on)
            mentorship.save(update_fields=["ended_on", "follow_up_due_on"])
        elif status == Mentorship.Status.WITHDRAWN:
            # Mentoring that had begun ends as "not a fit"; the mentee waits again, as on the site,
            # keeping the place in the queue their registration gives them.
            mentorship.ended_on, mentorship.end_reason = ended_on, end_reason.strip()
            status_change(mentorship, "end_not_a_fit", by=by, fields=["ended_on", "end_reason"])
            status_change(mentee, "wait_again", by=by)
    return mentorship
