"""Mentee registration in the portal: a start page, one page per step, check answers, registered.

Registering is what makes someone a mentee, so there is no draft row: the answers wait in the
session, request.session["mentee_registration"][scheme slug][step], until the check-answers page
calls mentee_register once. Registering clears them.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts.permissions import require_login
from mentoring.codes import AgeBand, CareerStage, ChangeConsidered, Ethnicity, Gender, MenteeRole, Mode, Reason
from mentoring.forms.registration import STEPS, unknown_practice_message
from mentoring.models import Mentee
from mentoring.services.mentees import mentee_register
from mentoring.services.mentors import practice_for_code
from schemes.models import Scheme
from schemes.rules import RuleBroken

SESSION_KEY = "mentee_registration"
STEP_SLUGS = list(STEPS)
# Which step answers each field mentee_register may name in a problem.
FIELD_STEPS = {
    "first_name": "name",
    "preferred_contact": "contact",
    "phone": "contact",
    "role": "role",
    "career_stage": "career-stage",
    "practice": "practice",
    "other_reason": "reasons",
}


def before_mentoring_url(mentee):
    """The questionnaires a mentee completes before their first session (the surveys app's checklist)."""
    return reverse("surveys:before_mentoring", args=[mentee.pk])


def _saved(request, scheme):
    """This person's answers so far for the scheme, step by step."""
    return request.session.get(SESSION_KEY, {}).get(scheme.slug, {})


def _keep(request, scheme, step, answers):
    registrations = request.session.get(SESSION_KEY, {})
    registrations.setdefault(scheme.slug, {})[step] = answers
    request.session[SESSION_KEY] = registrations
    request.session.modified = True


def _forget(request, scheme):
    registrations = request.session.get(SESSION_KEY, {})
    registrations.pop(scheme.slug, None)
    request.session[SESSION_KEY] = registrations


def _open_registration(user, scheme):
    return Mentee.objects.filter(user=user, scheme=scheme, status__in=Mentee.OPEN).first()


def _step_url(scheme, step, *, change=False):
    url = reverse("mentoring:register_step", args=[scheme.slug, step])
    return f"{url}?change=1" if change else url


def _check_url(scheme):
    return reverse("mentoring:register_check", args=[scheme.slug])


def _first_unanswered(request, scheme):
    saved = _saved(request, scheme)
    for step in STEP_SLUGS:
        if step not in saved:
            return _step_url(scheme, step)
    return _check_url(scheme)


def _cannot_continue(request, scheme):
    """Steps and check answers are only for someone who can still register with an open scheme."""
    if _open_registration(request.user, scheme):
        return redirect("mentoring:register_start", scheme.slug)
    if not scheme.is_open:
        messages.info(request, f"{scheme.name} is not taking registrations at the moment")
        return redirect("mentoring:register_start", scheme.slug)
    return None


@require_login
def register_start(request, scheme):
    """Who the scheme is for and what happens; starts or resumes, or shows the registration there is."""
    scheme = get_object_or_404(Scheme, slug=scheme)
    mentee = _open_registration(request.user, scheme)
    context = {
        "scheme": scheme,
        "mentee": mentee,
        "before_mentoring_url": before_mentoring_url(mentee) if mentee else None,
        "admitted_roles": [label for code, label in MenteeRole.choices if code in scheme.admitted_mentee_roles],
        "started": bool(_saved(request, scheme)),
        "next_url": _first_unanswered(request, scheme),
    }
    return render(request, "mentoring/registration/start.html", context)


@require_login
def register_step(request, scheme, step):
    scheme = get_object_or_404(Scheme, slug=scheme)
    if step not in STEPS:
        raise Http404("No such step in the registration")
    if stopped := _cannot_continue(request, scheme):
        return stopped
    form_class, question = STEPS[step]
    changing = request.GET.get("change") == "1"
    if request.method == "POST":
        form = form_class(request.POST, scheme=scheme)
        if form.is_valid():
            _keep(request, scheme, step, form.answers())
            if changing:
                return redirect(_check_url(scheme))
            following = STEP_SLUGS.index(step) + 1
            return redirect(
                _step_url(scheme, STEP_SLUGS[following]) if following < len(STEP_SLUGS) else _check_url(scheme)
            )
    else:
        initial = _saved(request, scheme).get(step)
        if initial is None and step == "name":
            initial = {"first_name": request.user.first_name, "last_name": request.user.last_name}
        form = form_class(scheme=scheme, initial=initial or {})
    position = STEP_SLUGS.index(step)
    if changing:
        back_url = _check_url(scheme)
    elif position:
        back_url = _step_url(scheme, STEP_SLUGS[position - 1])
    else:
        back_url = reverse("mentoring:register_start", args=[scheme.slug])
    practice_code = _saved(request, scheme).get("practice", {}).get("practice_code")
    context = {
        "scheme": scheme,
        "form": form,
        "question": question,
        "step": step,
        "back_url": back_url,
        "practice": practice_for_code(practice_code) if step == "practice" and practice_code else None,
    }
    return render(request, "mentoring/registration/step.html", context)


def _answers(saved):
    """Every step's answers, merged, in the shape the session holds them."""
    answers = {}
    for step in STEP_SLUGS:
        answers.update(saved.get(step, {}))
    return answers


def _registration(answers, practice):
    """The session's answers as keyword arguments for mentee_register."""
    modes = answers.get("modes", [])
    return {
        "first_name": answers["first_name"],
        "last_name": answers["last_name"],
        "preferred_contact": answers["preferred_contact"],
        "phone": answers.get("phone", ""),
        "other_reason": answers.get("other_reason", ""),
        "role": answers["role"],
        "career_stage": answers["career_stage"],
        "is_gp_fellow": answers["is_gp_fellow"],
        "practice": practice,
        "reasons": answers["reasons"],
        "changes_considered": answers["changes_considered"],
        "intends_to_leave": answers["intends_to_leave"],
        "consents_to_contact_about_leaving": answers.get("consents_to_contact_about_leaving", False),
        **{f"prefers_{mode}": mode in modes for mode in Mode.values},
        "preferences": answers.get("preferences", ""),
        "age_band": answers.get("age_band", ""),
        "gender": answers.get("gender", ""),
        "ethnicity": answers.get("ethnicity", ""),
        "shares_questionnaires_with_mentor": answers.get("shares_questionnaires_with_mentor", False),
    }


def _labels(choices, codes):
    return ", ".join(str(label) for code, label in choices if code in codes)


def _summary(answers, practice):
    """Every answer on the check-answers page, as (question, answer, step)."""
    yes_no = {True: "Yes", False: "No"}
    contact = answers.get("preferred_contact")
    return [
        ("Name", f"{answers.get('first_name', '')} {answers.get('last_name', '')}".strip(), "name"),
        (
            "How your mentor should contact you",
            f"Phone: {answers.get('phone', '')}" if contact == "phone" else "Email" if contact == "email" else "",
            "contact",
        ),
        ("Role", _labels(MenteeRole.choices, [answers.get("role")]), "role"),
        ("Career stage", _labels(CareerStage.choices, [answers.get("career_stage")]), "career-stage"),
        ("On the GP fellowship", yes_no.get(answers.get("is_gp_fellow"), ""), "fellowship"),
        ("Practice", f"{practice.name} ({practice.code})" if practice else "", "practice"),
        ("Primary care network", practice.parent.name if practice and practice.parent else "", "practice"),
        ("Reasons for seeking mentoring", _labels(Reason.choices, answers.get("reasons", [])), "reasons"),
        *(
            [("Your other reason", answers.get("other_reason", ""), "reasons")]
            if "other" in answers.get("reasons", [])
            else []
        ),
        (
            "Changes you are considering",
            _labels(ChangeConsidered.choices, answers.get("changes_considered", [])),
            "changes",
        ),
        ("Thinking of leaving the profession", yes_no.get(answers.get("intends_to_leave"), ""), "leaving"),
        (
            "The scheme team may contact you about leaving",
            yes_no[bool(answers.get("consents_to_contact_about_leaving"))] if "intends_to_leave" in answers else "",
            "leaving",
        ),
        ("How you would like to meet", _labels(Mode.choices, answers.get("modes", [])), "meeting"),
        ("Anything else about your mentor", answers.get("preferences", ""), "meeting"),
        ("Gender", _labels(Gender.choices, [answers.get("gender")]), "equality"),
        ("Age", _labels(AgeBand.choices, [answers.get("age_band")]), "equality"),
        ("Ethnic group", _labels(Ethnicity.choices, [answers.get("ethnicity")]), "equality"),
        (
            "Share your questionnaire answers with your mentor",
            yes_no[bool(answers.get("shares_questionnaires_with_mentor"))],
            "sharing",
        ),
    ]


def _problems(scheme, saved, practice_code, practice):
    """What stops registering: steps never answered, and a practice that is no longer current."""
    problems = [
        (_step_url(scheme, step, change=True), form_class.missing)
        for step, (form_class, _) in STEPS.items()
        if step not in saved and form_class.missing
    ]
    if practice_code and practice is None:
        problems.append((_step_url(scheme, "practice", change=True), unknown_practice_message(practice_code)))
    return problems


@require_login
def register_check(request, scheme):
    """Every answer with a link to change it; registering runs the scheme's rules again in the service."""
    scheme = get_object_or_404(Scheme, slug=scheme)
    # A POST goes on to the service even when registered already: it and the database refuse it there.
    if (request.method == "GET" or not scheme.is_open) and (stopped := _cannot_continue(request, scheme)):
        return stopped
    saved = _saved(request, scheme)
    answers = _answers(saved)
    practice_code = answers.get("practice_code", "")
    practice = practice_for_code(practice_code) if practice_code else None
    problems = []
    if request.method == "POST":
        problems = _problems(scheme, saved, practice_code, practice)
        if not problems:
            try:
                # The service, and the database's constraint, decide on a second open registration:
                # a second browser tab may have registered a moment ago.
                mentee = mentee_register(
                    user=request.user, scheme=scheme, by=request.user, **_registration(answers, practice)
                )
            except RuleBroken as broken:
                problems = _linked_problems(scheme, broken)
            else:
                _forget(request, scheme)
                messages.success(request, f"You are registered for mentoring with {scheme.name}")
                return redirect(before_mentoring_url(mentee))
    rows = [
        (question, answer, _step_url(scheme, step, change=True))
        for question, answer, step in _summary(answers, practice)
    ]
    context = {"scheme": scheme, "rows": rows, "problems": problems, "back_url": _step_url(scheme, STEP_SLUGS[-1])}
    return render(request, "mentoring/registration/check.html", context)


def _linked_problems(scheme, broken):
    if not hasattr(broken, "error_dict"):
        return [("", message) for message in broken.messages]
    return [
        (_step_url(scheme, FIELD_STEPS[field], change=True) if field in FIELD_STEPS else "", message)
        for field, field_messages in broken.message_dict.items()
        for message in field_messages
    ]
