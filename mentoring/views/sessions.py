"""Logging mentoring sessions in the portal: the mentor's list of mentees, one mentorship with its
sessions, the log form; and the mentee's own sessions. Both sides answer the early fit check.

Confidential notes are the mentor's alone. A mentor reaches only mentorships of their own mentor
records; anyone else (another mentor, the mentee, scheme staff, a superuser) gets a 404, and the
mentee's page never loads the notes column at all.
"""

import datetime

from django import forms
from django.contrib import messages
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from accounts.permissions import require_login
from mentoring import questionnaires
from mentoring.forms.sessions import (
    KIND_HINTS,
    KIND_QUESTION,
    FitCheckForm,
    SessionKindForm,
    SessionLogForm,
    initial_from,
)
from mentoring.models import MentoringSession, Mentorship
from mentoring.selectors import (
    at_risk_reasons,
    mentee_contact_details,
    mentor_contact_details,
    mentorships_of_mentor,
    with_session_summary,
)
from mentoring.services.sessions import (
    CORRECTION_DAYS,
    fit_check_answer,
    session_change_problem,
    session_correct,
    session_delete,
    session_delete_problem,
    session_log,
)
from schemes.rules import RuleBroken

S = MentoringSession
# A mentor still sees a mentorship for a while after it ends, to look back at the last sessions.
RECENTLY_ENDED_DAYS = 90
MENTOR_WORKS_ON = (Mentorship.Status.ACCEPTED, Mentorship.Status.ACTIVE)
MENTOR_LOOKS_BACK_ON = (*MENTOR_WORKS_ON, Mentorship.Status.COMPLETED, Mentorship.Status.WITHDRAWN)
MENTEE_SEES = MENTOR_LOOKS_BACK_ON
# What a mentee's page loads of a session: never the notes, which stay encrypted in the database.
MENTEE_SESSION_FIELDS = ("mentorship_id", "held_on", "duration_minutes", "mode", "kind", "attendance", "actions_agreed")


def _had_introductory():
    return Exists(
        MentoringSession.objects.filter(
            mentorship=OuterRef("pk"), kind=S.Kind.INTRODUCTORY, attendance=S.Attendance.HELD
        )
    )


def _own_mentorship(request, pk):
    """The user's own mentorship, while they are a mentor on the scheme (so signed in with MFA), and for
    a while after it ended; anyone else's, or one long over, is a 404."""
    since = timezone.localdate() - datetime.timedelta(days=RECENTLY_ENDED_DAYS)
    mentorships = with_session_summary(
        mentorships_of_mentor(user=request.user).filter(
            Q(status__in=MENTOR_WORKS_ON) | Q(status__in=MENTOR_LOOKS_BACK_ON, ended_on__gte=since)
        )
    ).select_related("scheme", "mentee__user", "mentor__user")
    return get_object_or_404(mentorships.annotate(had_introductory=_had_introductory()), pk=pk)


def _hours(mentorship):
    """Hours used and allowed, from with_session_summary()'s annotations."""
    return mentorship.minutes_used / 60, mentorship.allowance_hours + mentorship.extra_hours


@require_login
def mentor_home(request):
    """The mentor's mentees: hours used, last and next session, anything overdue. A fixed number of
    queries however many mentees there are."""
    since = timezone.localdate() - datetime.timedelta(days=RECENTLY_ENDED_DAYS)
    mentorships = (
        with_session_summary(
            mentorships_of_mentor(user=request.user).filter(
                Q(status__in=MENTOR_WORKS_ON) | Q(status=Mentorship.Status.COMPLETED, ended_on__gte=since)
            )
        )
        .select_related("scheme", "mentee__user")
        .order_by("status", "mentee__user__last_name", "mentee__user__first_name")
    )
    rows = []
    for mentorship in mentorships:
        used, allowed = _hours(mentorship)
        rows.append(
            {"mentorship": mentorship, "used": used, "allowed": allowed, "reasons": at_risk_reasons(mentorship)}
        )
    return render(request, "mentoring/sessions/mentor_home.html", {"rows": rows})


@require_login
def mentorship_detail(request, pk):
    mentorship = _own_mentorship(request, pk)
    fit_form = FitCheckForm(request.POST or None)
    if request.method == "POST" and fit_form.is_valid():
        fit_check_answer(mentorship=mentorship, by=request.user, answer=fit_form.cleaned_data["answer"])
        messages.success(request, "Thank you: your answer is saved")
        return redirect("mentoring:mentorship", mentorship.pk)
    used, allowed = _hours(mentorship)
    going_on = mentorship.status in MENTOR_WORKS_ON
    sessions = list(mentorship.sessions.all())
    for session in sessions:
        session.mentorship = mentorship
        session.may_change = session_change_problem(session, by=request.user) is None
        session.may_delete = session.may_change and session_delete_problem(session, mentorship) is None
    context = {
        "mentorship": mentorship,
        "mentee": mentorship.mentee,
        "sessions": sessions,
        "used": used,
        "allowed": allowed,
        "reasons": at_risk_reasons(mentorship),
        # Once the mentoring has finished, the fit question and the next meeting no longer apply.
        "going_on": going_on,
        "fit_form": fit_form if going_on and mentorship.had_introductory and not mentorship.mentor_fit else None,
        "may_log": going_on,
        "contact_rows": mentee_contact_details(mentorship),
        "correction_days": CORRECTION_DAYS,
    }
    return render(request, "mentoring/sessions/mentorship_detail.html", context)


def _still_logging(request, mentorship):
    if mentorship.status not in MENTOR_WORKS_ON:
        messages.error(request, "This mentoring has ended, so no more sessions can be logged")
        return redirect("mentoring:mentorship", mentorship.pk)
    return None


@require_login
def session_kind(request, pk):
    """The first page of logging a session: which kind it was, which decides what the next page asks."""
    mentorship = _own_mentorship(request, pk)
    if stopped := _still_logging(request, mentorship):
        return stopped
    form = SessionKindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect("mentoring:session_log", mentorship.pk, form.cleaned_data["kind"])
    context = {
        "mentorship": mentorship,
        "mentee": mentorship.mentee,
        "form": form,
        "question": KIND_QUESTION,
        "kinds": [(S.Kind(code).label, hint) for code, hint in KIND_HINTS.items()],
    }
    return render(request, "mentoring/sessions/session_kind.html", context)


# The buttons and token of a POST, which the confirmation page does not carry over as answers.
NOT_ANSWERS = {"csrfmiddlewaretoken", "log", "confirm", "change"}


def _hidden_answers(post):
    """What the mentor typed, to carry through the confirmation page as hidden inputs (and back)."""
    return [(name, value) for name, values in post.lists() if name not in NOT_ANSWERS for value in values]


# Nothing the mentor typed (the notes above all) reaches an error report: not the POST, not any local.
@sensitive_variables()
@sensitive_post_parameters("confidential_notes")
@require_login
def session_log_view(request, pk, kind):
    """The session's details, asked according to its kind; a held final review is confirmed first,
    because it ends the mentoring and sends the final questionnaire."""
    mentorship = _own_mentorship(request, pk)
    if kind not in S.Kind.values:
        raise Http404("No such kind of session")
    if stopped := _still_logging(request, mentorship):
        return stopped
    changing = request.method == "POST" and "change" in request.POST
    form = SessionLogForm(
        request.POST if request.method == "POST" and not changing else None,
        initial=_as_initial(request.POST, mentorship, kind) if changing else None,
        mentorship=mentorship,
        kind=kind,
        submit_label="Log this session",
    )
    context = {"mentorship": mentorship, "mentee": mentorship.mentee, "form": form, "kind_label": S.Kind(kind).label}
    if form.is_bound and form.is_valid():
        if form.ends_the_mentoring and "confirm" not in request.POST:
            context["answers"] = _hidden_answers(request.POST)
            return render(request, "mentoring/sessions/session_confirm_final.html", context)
        try:
            logged = session_log(mentorship=mentorship, by=request.user, kind=kind, **form.session_fields())
        except RuleBroken as broken:
            # The rules the form checked may since have changed (the mentoring ended in another tab).
            form.add_error(None, broken)
        else:
            messages.success(request, f"{logged.session} is logged")
            for warning in logged.warnings:
                messages.warning(request, warning)
            return redirect("mentoring:mentorship", mentorship.pk)
    return render(request, "mentoring/sessions/session_log.html", context)


def _as_initial(post, mentorship, kind):
    """Answers carried back from the confirmation page, as initial values: the form comes back filled
    in as typed, not marked in error."""
    initial = {}
    for name, field in SessionLogForm(mentorship=mentorship, kind=kind).fields.items():
        if isinstance(field.widget, forms.MultiWidget):
            initial[name] = field.widget.value_from_datadict(post, {}, name)
        elif isinstance(field, forms.MultipleChoiceField):
            initial[name] = post.getlist(name)
        else:
            initial[name] = post.get(name, "")
    return initial


def _own_session(request, pk, session_pk):
    """A session of the mentor's own mentorship that they may still correct or delete; else back to
    the mentorship with the reason."""
    mentorship = _own_mentorship(request, pk)
    session = get_object_or_404(MentoringSession.objects.filter(mentorship=mentorship), pk=session_pk)
    session.mentorship = mentorship
    return mentorship, session


@sensitive_variables()
@sensitive_post_parameters("confidential_notes")
@require_login
def session_correct_view(request, pk, session_pk):
    mentorship, session = _own_session(request, pk, session_pk)
    if problem := session_change_problem(session, by=request.user):
        messages.error(request, problem)
        return redirect("mentoring:mentorship", mentorship.pk)
    form = SessionLogForm(
        request.POST or None,
        initial=initial_from(session),
        mentorship=mentorship,
        kind=session.kind,
        submit_label="Save the corrections",
    )
    if request.method == "POST" and form.is_valid():
        fields = form.session_fields()
        fields = {name: value for name, value in fields.items() if name in form.fields}
        try:
            session_correct(session=session, by=request.user, **fields)
        except RuleBroken as broken:
            form.add_error(None, broken)
        else:
            messages.success(request, f"{session} is corrected")
            return redirect("mentoring:mentorship", mentorship.pk)
    context = {"mentorship": mentorship, "mentee": mentorship.mentee, "form": form, "session": session}
    return render(request, "mentoring/sessions/session_correct.html", context)


@require_login
def session_delete_view(request, pk, session_pk):
    mentorship, session = _own_session(request, pk, session_pk)
    if problem := session_change_problem(session, by=request.user):
        messages.error(request, problem)
        return redirect("mentoring:mentorship", mentorship.pk)
    problem = None
    if request.method == "POST":
        try:
            session_delete(session=session, by=request.user)
        except RuleBroken as broken:
            problem = " ".join(broken.messages)
        else:
            messages.success(request, f"{session} is deleted")
            return redirect("mentoring:mentorship", mentorship.pk)
    context = {"mentorship": mentorship, "mentee": mentorship.mentee, "session": session, "problem": problem}
    return render(request, "mentoring/sessions/session_delete.html", context)


def _mentee_mentorships(user):
    sessions = MentoringSession.objects.only(*MENTEE_SESSION_FIELDS).order_by("held_on", "logged_at")
    return (
        with_session_summary(Mentorship.objects.filter(mentee__user=user, status__in=MENTEE_SEES))
        .annotate(had_introductory=_had_introductory())
        .select_related("scheme", "mentee", "mentor__user")
        .prefetch_related(Prefetch("sessions", queryset=sessions, to_attr="mentee_sessions"))
    )


@require_login
def my_sessions(request):
    """A mentee's sessions with each mentor: date, length, mode and actions agreed; never the notes."""
    mentorships = list(_mentee_mentorships(request.user))
    final_reviews = questionnaires.final_reviews(user=request.user)
    rows = []
    for mentorship in mentorships:
        used, allowed = _hours(mentorship)
        review = final_reviews.get(mentorship.pk)
        rows.append(
            {
                "mentorship": mentorship,
                "sessions": mentorship.mentee_sessions,
                "remaining": max(allowed - used, 0),
                "allowed": allowed,
                "final_review": review,
                "contact_rows": mentor_contact_details(mentorship),
                # The early fit question is for while the mentoring goes on.
                "fit_form": FitCheckForm(prefix=f"fit-{mentorship.pk}")
                if mentorship.status in MENTOR_WORKS_ON and mentorship.had_introductory and not mentorship.mentee_fit
                else None,
            }
        )
    return render(request, "mentoring/sessions/my_sessions.html", {"rows": rows})


@require_login
@require_POST
def mentee_fit_check(request, pk):
    mentorship = get_object_or_404(
        Mentorship.objects.filter(mentee__user=request.user, status__in=MENTEE_SEES).select_related(
            "scheme", "mentee__user", "mentor__user"
        ),
        pk=pk,
    )
    form = FitCheckForm(request.POST, prefix=f"fit-{mentorship.pk}")
    if form.is_valid():
        fit_check_answer(mentorship=mentorship, by=request.user, answer=form.cleaned_data["answer"])
        messages.success(request, "Thank you: your answer is saved")
    else:
        messages.error(request, "Select whether the mentoring is a good fit")
    return redirect("mentoring:my_sessions")
