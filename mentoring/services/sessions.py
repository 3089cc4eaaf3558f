"""Logging mentoring sessions, and what a session does to its mentorship: the first held one makes it
active (the "registered match" NHS England counts), a held final review completes it.

A mentor may correct or delete a session they logged for CORRECTION_DAYS after logging it, until a
submitted claim holds it (mentoring.claim_locks). What a correction may not do is rewrite what the
session did to the mentorship: the session that started the mentoring cannot be deleted or marked
as not held while it is the only one held, and the final review that completed it can be corrected
(its date moves the end date and the feedback survey's due date) but not deleted or marked not held.
The mentoring's start date always follows the earliest held session.
"""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from accounts.permissions import Role
from accounts.services import audit, email_queue
from mentoring import claim_locks, questionnaires, rules
from mentoring.models import AllowanceExtension, Mentor, MentoringSession, Mentorship
from mentoring.services.mentors import MentorRuleBroken
from mentoring.transitions import status_change

S = MentoringSession
CORRECTION_DAYS = 7
# What a correction may change; the kind stays (delete the session and log it again instead).
CORRECTABLE_FIELDS = (
    "held_on",
    "duration_minutes",
    "mode",
    "attendance",
    "topics",
    "actions_agreed",
    "next_meeting_on",
    "agreed_focus_areas",
    "working_agreement",
    "reasons_addressed",
    "confidential_notes",
)


@dataclass
class LoggedSession:
    session: MentoringSession
    warnings: list = field(default_factory=list)


def hours_used(mentorship):
    minutes = mentorship.sessions.filter(attendance=S.Attendance.HELD).aggregate(total=Sum("duration_minutes"))
    return (minutes["total"] or 0) / 60


def hours_allowed(mentorship):
    extra = mentorship.extensions.aggregate(total=Sum("extra_hours"))["total"] or 0
    return mentorship.allowance_hours + extra


# The notes never reach an error report, whoever calls this: the service's own frames are covered here,
# the logging view's with its own decorators, and config.settings' reporter filter applies even with DEBUG on.
@sensitive_variables("confidential_notes")
def session_log(
    *,
    mentorship,
    by,
    held_on,
    duration_minutes,
    mode,
    kind=S.Kind.REGULAR,
    attendance=S.Attendance.HELD,
    topics=(),
    actions_agreed="",
    next_meeting_on=None,
    agreed_focus_areas=(),
    working_agreement="",
    reasons_addressed=(),
    confidential_notes="",
    by_staff=False,
):
    """Log a session. Staff may log the date, length and mode on the pair's behalf, never notes.
    Going over the hours allowance is allowed, with a warning the staff dashboard also shows."""
    if by_staff and confidential_notes:
        raise MentorRuleBroken({"confidential_notes": "Only the mentor keeps notes"})
    problems = {
        name: problem
        for name, problem in [
            ("held_on", rules.session_date_problem(mentorship, held_on)),
            ("duration_minutes", rules.session_minutes_problem(duration_minutes)),
        ]
        if problem
    }
    if problems:
        raise MentorRuleBroken(problems)
    with transaction.atomic():
        mentorship.status = (
            Mentorship.objects.select_for_update().values_list("status", flat=True).get(pk=mentorship.pk)
        )
        if mentorship.status not in (Mentorship.Status.ACCEPTED, Mentorship.Status.ACTIVE):
            raise MentorRuleBroken("Sessions can be logged once the mentor has accepted, until the mentoring ends")
        if not by_staff and not _mentor_reaches_mentees(mentorship):
            raise MentorRuleBroken("Only a mentor on the scheme, and not paused, logs sessions")
        session = MentoringSession.objects.create(
            mentorship=mentorship,
            held_on=held_on,
            duration_minutes=duration_minutes,
            mode=mode,
            kind=kind,
            attendance=attendance,
            topics=list(topics),
            actions_agreed=actions_agreed,
            next_meeting_on=next_meeting_on,
            agreed_focus_areas=list(agreed_focus_areas),
            working_agreement=working_agreement,
            reasons_addressed=list(reasons_addressed),
            confidential_notes=confidential_notes,
            logged_by=by,
            logged_by_staff=by_staff,
        )
        audit(actor=by, action="session.log", target=session, scheme=mentorship.scheme, kind=kind, by_staff=by_staff)
        held = attendance == S.Attendance.HELD
        if held and mentorship.status == Mentorship.Status.ACCEPTED:
            mentorship.started_on = held_on
            status_change(mentorship, "activate", by=by, fields=["started_on"])
        if held and kind == S.Kind.FINAL:
            _complete(mentorship, by=by, ended_on=held_on)
        warnings = []
        if hours_used(mentorship) > hours_allowed(mentorship):
            warnings.append(
                f"This takes the mentoring past its allowance of {hours_allowed(mentorship):g} hours. "
                "The scheme team will see it; they can extend the allowance."
            )
    return LoggedSession(session=session, warnings=warnings)


def _mentor_reaches_mentees(mentorship):
    return Mentor.objects.filter(pk=mentorship.mentor_id, status__in=Mentor.REACHES_MENTEES).exists()


def _complete(mentorship, *, by, ended_on):
    last_held = mentorship.sessions.filter(attendance=S.Attendance.HELD).order_by("-held_on").first()
    earliest = max(filter(None, [mentorship.started_on, last_held and last_held.held_on]), default=None)
    if earliest and ended_on < earliest:
        raise MentorRuleBroken({"ended_on": f"The end date must be on or after {earliest:%-d %B %Y}, the last session"})
    mentorship.ended_on = ended_on
    mentorship.follow_up_due_on = ended_on + relativedelta(months=mentorship.scheme.follow_up_months)
    status_change(mentorship, "complete", by=by, fields=["ended_on", "follow_up_due_on"])
    status_change(mentorship.mentee, "finish", by=by)
    # Opens the final-session review in the mentee's portal (the surveys app listens).
    questionnaires.mentorship_completed.send(sender=Mentorship, mentorship=mentorship, by=by)


def mentorship_complete(*, mentorship, by, ended_on):
    """Staff mark a mentorship completed (when no final review session was logged)."""
    if ended_on > timezone.localdate():
        raise MentorRuleBroken({"ended_on": "The end date must be today or in the past"})
    with transaction.atomic():
        _complete(mentorship, by=by, ended_on=ended_on)
    return mentorship


def allowance_extend(*, mentorship, by, extra_hours, reason):
    """Extra hours for a mentorship that has not ended, with the reason staff gave."""
    if not reason.strip():
        raise MentorRuleBroken({"reason": "Give the reason for the extra hours"})
    if extra_hours is None or extra_hours < 1:
        raise MentorRuleBroken({"extra_hours": "Enter the extra hours as a whole number, like 2"})
    with transaction.atomic():
        status = Mentorship.objects.select_for_update().values_list("status", flat=True).get(pk=mentorship.pk)
        if status not in Mentorship.OPEN:
            raise MentorRuleBroken("Hours can be added only to mentoring that has not ended")
        extension = AllowanceExtension.objects.create(
            mentorship=mentorship, extra_hours=extra_hours, reason=reason.strip(), granted_by=by
        )
        audit(actor=by, action="mentorship.extend", target=mentorship, scheme=mentorship.scheme, hours=extra_hours)
    return extension


def fit_check_answer(*, mentorship, by, answer):
    """After the introductory session each side says whether it is a good fit; "not a fit" from either
    tells the scheme team, who can end it and re-match without the mentee losing their place."""
    introduced = mentorship.sessions.filter(kind=S.Kind.INTRODUCTORY, attendance=S.Attendance.HELD).exists()
    if not introduced or mentorship.status not in (Mentorship.Status.ACCEPTED, Mentorship.Status.ACTIVE):
        raise MentorRuleBroken("This question is asked after the introductory session, while the mentoring goes on")
    if by == mentorship.mentor.user:
        if not _mentor_reaches_mentees(mentorship):
            raise MentorRuleBroken("Only a mentor on the scheme, and not paused, answers this")
        field_name = "mentor_fit"
    elif by == mentorship.mentee.user:
        field_name = "mentee_fit"
    else:
        raise MentorRuleBroken("Only the mentor and mentee answer this")
    with transaction.atomic():
        setattr(mentorship, field_name, answer)
        mentorship.save(update_fields=[field_name])
        audit(actor=by, action="mentorship.fit_check", target=mentorship, scheme=mentorship.scheme, answer=answer)
        if answer == Mentorship.Fit.NOT_A_FIT:
            _tell_staff_not_a_fit(mentorship)
    return mentorship


def _tell_staff_not_a_fit(mentorship):
    staff = User.objects.filter(
        scheme_memberships__scheme=mentorship.scheme, scheme_memberships__role=Role.STAFF, is_active=True
    ).distinct()
    for person in staff:
        email_queue(
            to=person.email,
            subject=f"{mentorship.scheme.name}: a mentorship may not be a good fit",
            body_text=render_to_string("mentoring/email/not_a_fit.txt", {"mentorship": mentorship}),
        )


def session_change_problem(session, *, by, now=None):
    """Why this person may not correct or delete this session now, or None. Only the mentor who
    logged it, within CORRECTION_DAYS of logging it, while no submitted claim holds it."""
    now = now or timezone.now()
    if session.logged_by_staff or session.logged_by_id != by.pk or session.mentorship.mentor.user_id != by.pk:
        return "Only the mentor who logged a session can correct or delete it"
    if now - session.logged_at > datetime.timedelta(days=CORRECTION_DAYS):
        return (
            f"A session can be corrected or deleted for {CORRECTION_DAYS} days after it is logged. "
            f"This one was logged on {timezone.localtime(session.logged_at):%-d %B %Y}: "
            "ask the scheme team if it needs to change"
        )
    if claim_locks.session_is_claimed(session):
        return "This session is on a claim that has been submitted, so it can no longer be changed"
    return None


def _lock_session(session):
    """Lock the mentorship, then the session, and take both as the database holds them now."""
    mentorship = Mentorship.objects.select_for_update().select_related("scheme", "mentor").get(pk=session.mentorship_id)
    session = MentoringSession.objects.select_for_update().get(pk=session.pk)
    session.mentorship = mentorship
    return session, mentorship


def _ended_the_mentoring(session, mentorship):
    return (
        mentorship.status == Mentorship.Status.COMPLETED
        and session.kind == S.Kind.FINAL
        and session.attendance == S.Attendance.HELD
    )


def _held_elsewhere(session, mentorship):
    return mentorship.sessions.filter(attendance=S.Attendance.HELD).exclude(pk=session.pk)


def _follow_earliest_held(mentorship, *, by):
    """The mentoring starts with its earliest held session: keep started_on to it after a change."""
    if mentorship.status not in (Mentorship.Status.ACTIVE, Mentorship.Status.COMPLETED):
        return
    earliest = mentorship.sessions.filter(attendance=S.Attendance.HELD).order_by("held_on").first()
    if earliest and earliest.held_on != mentorship.started_on:
        mentorship.started_on = earliest.held_on
        mentorship.save(update_fields=["started_on"])
        audit(actor=by, action="mentorship.start_date_follow", target=mentorship, scheme=mentorship.scheme)


@sensitive_variables("changes")
def session_correct(*, session, by, **changes):
    """The mentor corrects a session they logged (any of CORRECTABLE_FIELDS; the kind stays)."""
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise MentorRuleBroken(f"These cannot be corrected: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        session, mentorship = _lock_session(session)
        if problem := session_change_problem(session, by=by):
            raise MentorRuleBroken(problem)
        held_on = changes.get("held_on", session.held_on)
        held = changes.get("attendance", session.attendance) == S.Attendance.HELD
        problems = {
            name: problem
            for name, problem in [
                ("held_on", rules.session_date_problem(mentorship, held_on)),
                (
                    "duration_minutes",
                    rules.session_minutes_problem(changes.get("duration_minutes", session.duration_minutes)),
                ),
            ]
            if problem
        }
        if problems:
            raise MentorRuleBroken(problems)
        ended_it = _ended_the_mentoring(session, mentorship)
        others_held = _held_elsewhere(session, mentorship)
        if ended_it:
            if not held:
                raise MentorRuleBroken(
                    {"attendance": "This final review ended the mentoring, so it stays a session that took place"}
                )
            last_other = others_held.order_by("-held_on").first()
            if last_other and held_on < last_other.held_on:
                raise MentorRuleBroken(
                    {
                        "held_on": f"The final review must be on or after {last_other.held_on:%-d %B %Y}, "
                        "the last session"
                    }
                )
        elif session.kind == S.Kind.FINAL and held and session.attendance != S.Attendance.HELD:
            raise MentorRuleBroken(
                {"attendance": "To end the mentoring with this final review, delete this session and log it again"}
            )
        elif mentorship.status == Mentorship.Status.COMPLETED and mentorship.ended_on and held_on > mentorship.ended_on:
            raise MentorRuleBroken(
                {
                    "held_on": f"The mentoring ended on {mentorship.ended_on:%-d %B %Y}: "
                    "the session must be on or before it"
                }
            )
        if not held and mentorship.status == Mentorship.Status.ACTIVE and not others_held.exists():
            raise MentorRuleBroken(
                {
                    "attendance": "This is the only session that took place, which started the mentoring, "
                    "so it stays held"
                }
            )
        changed = sorted(name for name, value in changes.items() if getattr(session, name) != value)
        for name in changed:
            value = changes[name]
            setattr(session, name, list(value) if isinstance(value, tuple) else value)
        if changed:
            session.save(update_fields=changed)
        audit(actor=by, action="session.correct", target=session, scheme=mentorship.scheme, fields=changed)
        if held and mentorship.status == Mentorship.Status.ACCEPTED:
            mentorship.started_on = held_on
            status_change(mentorship, "activate", by=by, fields=["started_on"])
        if ended_it and held_on != mentorship.ended_on:
            mentorship.ended_on = held_on
            mentorship.follow_up_due_on = held_on + relativedelta(months=mentorship.scheme.follow_up_months)
            mentorship.save(update_fields=["ended_on", "follow_up_due_on"])
            audit(actor=by, action="mentorship.end_date_follow", target=mentorship, scheme=mentorship.scheme)
        _follow_earliest_held(mentorship, by=by)
    return session


def session_delete_problem(session, mentorship):
    """Why deleting this session would rewrite what it did to the mentorship, or None."""
    if _ended_the_mentoring(session, mentorship):
        return (
            "This final review ended the mentoring, so it cannot be deleted. Correct it instead, or ask the scheme team"
        )
    held = session.attendance == S.Attendance.HELD
    if held and mentorship.status == Mentorship.Status.ACTIVE and not _held_elsewhere(session, mentorship).exists():
        return (
            "This is the only session that took place, which started the mentoring, so it cannot be deleted. "
            "Correct it instead, or ask the scheme team"
        )
    return None


def session_delete(*, session, by):
    """The mentor deletes a session they logged by mistake (see the module's rules on what stays)."""
    with transaction.atomic():
        session, mentorship = _lock_session(session)
        if problem := session_change_problem(session, by=by):
            raise MentorRuleBroken(problem)
        if problem := session_delete_problem(session, mentorship):
            raise MentorRuleBroken(problem)
        audit(actor=by, action="session.delete", target=session, scheme=mentorship.scheme, kind=session.kind)
        session.delete()
        _follow_earliest_held(mentorship, by=by)
