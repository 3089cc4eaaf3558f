"""Logging mentoring sessions, and what a session does to its mentorship: the first held one makes it
active (the "registered match" NHS England counts), a held final review completes it."""

from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from accounts.permissions import Role
from accounts.services import audit, email_queue
from mentoring import questionnaires, rules
from mentoring.models import AllowanceExtension, MentoringSession, Mentorship
from mentoring.services.mentors import MentorRuleBroken
from mentoring.transitions import status_change

S = MentoringSession


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
