"""The mentor application in the portal: a start page, one page per step, check answers, and sent.

A person only ever reaches their own mentor record, found from who they are and the scheme's slug.
"""

from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts.permissions import require_login
from accounts.services import user_name_change
from mentoring.codes import Experience, Mode
from mentoring.forms.application import (
    FIELD_STEPS,
    GMC_NUMBER_TAKEN,
    SAVE_LATER,
    STEPS,
    AboutYouForm,
    BiographyTextForm,
    GmcNumberForm,
)
from mentoring.models import Mentor
from mentoring.services.mentors import (
    BIOGRAPHY_TEXT,
    application_problems,
    mentor_application_save,
    mentor_application_start,
    mentor_application_submit,
    mentor_biography_edit,
    mentor_biography_publish,
)
from schemes.models import Scheme
from schemes.rules import RuleBroken

STEP_SLUGS = list(STEPS)


def _own_mentor(request, scheme_slug):
    mentors = Mentor.objects.select_related("scheme", "user", "practice__parent").prefetch_related("focus_areas")
    return get_object_or_404(mentors, user=request.user, scheme__slug=scheme_slug)


def _step_url(mentor, step, *, change=False):
    url = reverse("mentoring:apply_step", args=[mentor.scheme.slug, step])
    return f"{url}?change=1" if change else url


def _check_url(mentor):
    return reverse("mentoring:apply_check", args=[mentor.scheme.slug])


def _first_unfinished(mentor):
    """Where to pick the application up: the first step with something missing, else check answers."""
    unfinished = {FIELD_STEPS.get(field) for field, _ in application_problems(mentor)}
    for step in STEP_SLUGS:
        if step in unfinished:
            return _step_url(mentor, step)
    return _check_url(mentor)


def _sent_already(request, mentor):
    messages.info(request, "Your application has been sent, so it can no longer be changed")
    return redirect("mentoring:apply_start", mentor.scheme.slug)


@require_login
def apply_start(request, scheme):
    """Who can mentor on this scheme; starts, resumes or reopens the application, or shows where it is."""
    scheme = get_object_or_404(Scheme, slug=scheme)
    mentor = Mentor.objects.filter(user=request.user, scheme=scheme).first()
    problem = None
    if request.method == "POST":
        try:
            mentor = mentor_application_start(user=request.user, scheme=scheme)
        except RuleBroken as broken:
            problem = broken.messages[0]
        else:
            return redirect(_first_unfinished(mentor))
    context = {
        "scheme": scheme,
        "mentor": mentor,
        "problems": [("", problem)] if problem else [],
        "resume_url": _first_unfinished(mentor) if mentor and mentor.status == Mentor.Status.DRAFT else None,
    }
    return render(request, "mentoring/application/start.html", context)


@require_login
def apply_step(request, scheme, step):
    mentor = _own_mentor(request, scheme)
    if step not in STEPS:
        raise Http404("No such step in the application")
    if mentor.status != Mentor.Status.DRAFT:
        return _sent_already(request, mentor)
    form_class, question = STEPS[step]
    changing = request.GET.get("change") == "1"
    if request.method == "POST":
        saving_for_later = SAVE_LATER in request.POST
        form = form_class(request.POST, request.FILES, mentor=mentor, partial=saving_for_later)
        if form.is_valid() and _saved(request, form, mentor):
            if saving_for_later:
                messages.success(request, "Your answers are saved. Come back to your application at any time.")
                return redirect("mentoring:apply_start", mentor.scheme.slug)
            if changing:
                return redirect(_check_url(mentor))
            following = STEP_SLUGS.index(step) + 1
            return redirect(
                _step_url(mentor, STEP_SLUGS[following]) if following < len(STEP_SLUGS) else _check_url(mentor)
            )
    else:
        form = form_class(mentor=mentor)
    position = STEP_SLUGS.index(step)
    if changing:
        back_url = _check_url(mentor)
    elif position:
        back_url = _step_url(mentor, STEP_SLUGS[position - 1])
    else:
        back_url = reverse("mentoring:apply_start", args=[mentor.scheme.slug])
    context = {
        "scheme": mentor.scheme,
        "mentor": mentor,
        "form": form,
        "question": question,
        "step": step,
        "back_url": back_url,
    }
    return render(request, "mentoring/application/step.html", context)


def _saved(request, form, mentor):
    """Save the step; the database's own uniqueness check catches a GMC number taken a moment ago."""
    try:
        if isinstance(form, AboutYouForm):
            user_name_change(
                user=mentor.user,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                by=request.user,
            )
        mentor_application_save(mentor=mentor, by=request.user, **form.answers())
    except IntegrityError:
        if not isinstance(form, GmcNumberForm):
            raise
        form.add_error("gmc_number", GMC_NUMBER_TAKEN)
        return False
    return True


def _summary(mentor):
    """Every answer on the check-answers page, as (question, answer, step)."""
    user, practice = mentor.user, mentor.practice
    not_given = ""
    yes_no = {True: "Yes", False: "No", None: not_given}
    qualification = {True: f"Yes: {mentor.qualification}", False: f"No. Training needed: {mentor.training_needed}"}
    modes = [label for value, label in Mode.choices if value in mentor.modes]
    experience = [label for value, label in Experience.choices if value in mentor.experience]
    return [
        ("Name", user.get_full_name(), "about-you"),
        ("Email", user.email, None),
        ("Phone number", mentor.phone, "about-you"),
        ("GMC reference number", mentor.gmc_number, "gmc-number"),
        ("Practice", f"{practice.name} ({practice.code})" if practice else not_given, "practice"),
        ("Primary care network", practice.parent.name if practice and practice.parent else not_given, "practice"),
        ("Role", mentor.get_role_display(), "role"),
        ("Clinical sessions a week", mentor.clinical_sessions_per_week, "clinical-sessions"),
        ("One more session a week for mentoring", yes_no[mentor.intends_extra_session], "clinical-sessions"),
        ("GMC registration and licence to practise", yes_no[mentor.declares_gmc_licence], "declarations"),
        ("On the National Medical Performers List", yes_no[mentor.declares_performers_list], "declarations"),
        ("Not under interim suspension", yes_no[mentor.declares_no_suspension], "declarations"),
        ("Experience", ", ".join(experience), "experience"),
        ("Focus areas", ", ".join(area.label for area in mentor.focus_areas.all()), "experience"),
        ("Why you want to mentor", mentor.motivation, "motivation"),
        ("Mentoring qualification", qualification.get(mentor.has_mentoring_qualification, not_given), "qualification"),
        ("Gender", mentor.get_gender_display(), "equality"),
        ("Age", mentor.get_age_band_display(), "equality"),
        ("Ethnic group", mentor.get_ethnicity_display(), "equality"),
        ("About me", mentor.bio_about, "biography"),
        ("Why I became a mentor", mentor.bio_why, "biography"),
        ("Days and times that suit me", mentor.bio_availability, "biography"),
        ("How I prefer mentees to contact me", mentor.bio_contact, "biography"),
        ("How I can meet mentees", ", ".join(modes), "biography"),
        ("Languages", mentor.languages, "biography"),
        ("Photo", "Uploaded" if mentor.photo else not_given, "biography"),
        ("Publish my biography in the mentor directory", yes_no[mentor.bio_published], "biography"),
    ]


@require_login
def apply_check(request, scheme):
    """Every answer with a link to change it; sending it runs every rule again in the service."""
    mentor = _own_mentor(request, scheme)
    if mentor.status != Mentor.Status.DRAFT:
        return _sent_already(request, mentor)
    problems = []
    if request.method == "POST":
        try:
            mentor_application_submit(mentor=mentor, by=request.user)
        except RuleBroken as broken:
            problems = _linked_problems(mentor, broken)
            mentor = _own_mentor(request, scheme)  # show what is stored, not the refused attempt
        else:
            return redirect("mentoring:apply_submitted", mentor.scheme.slug)
    rows = [
        (question, answer, _step_url(mentor, step, change=True) if step else None)
        for question, answer, step in _summary(mentor)
    ]
    context = {"scheme": mentor.scheme, "mentor": mentor, "rows": rows, "problems": problems}
    return render(request, "mentoring/application/check.html", context)


def _linked_problems(mentor, broken):
    if not hasattr(broken, "error_dict"):
        return [("", message) for message in broken.messages]
    return [
        (_step_url(mentor, FIELD_STEPS[field], change=True) if field in FIELD_STEPS else "", message)
        for field, field_messages in broken.message_dict.items()
        for message in field_messages
    ]


@require_login
def apply_submitted(request, scheme):
    mentor = _own_mentor(request, scheme)
    if mentor.status == Mentor.Status.DRAFT:
        return redirect(_check_url(mentor))
    return render(request, "mentoring/application/submitted.html", {"scheme": mentor.scheme, "mentor": mentor})


@require_login
def mentor_profile(request, scheme):
    """An approved mentor's directory biography: publish it, or withdraw consent and take it down."""
    mentor = _own_mentor(request, scheme)
    if mentor.status not in Mentor.ON_SCHEME:
        return redirect("mentoring:apply_start", mentor.scheme.slug)
    if request.method == "POST":
        publish = request.POST.get("publish") == "yes"
        mentor_biography_publish(mentor=mentor, by=request.user, publish=publish)
        messages.success(
            request,
            "Your biography is published in the mentor directory"
            if publish
            else "You have withdrawn your consent: your biography is no longer in the mentor directory",
        )
        return redirect("mentoring:mentor_profile", mentor.scheme.slug)
    return render(request, "mentoring/application/profile.html", {"scheme": mentor.scheme, "mentor": mentor})


@require_login
def mentor_profile_edit(request, scheme):
    """An approved mentor changes their biography's text; it waits for staff to review it."""
    mentor = _own_mentor(request, scheme)
    if mentor.status not in Mentor.ON_SCHEME:
        return redirect("mentoring:apply_start", mentor.scheme.slug)
    initial = {name: getattr(mentor, name) for name in BIOGRAPHY_TEXT}
    form = BiographyTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            mentor_biography_edit(mentor=mentor, by=request.user, **form.cleaned_data)
        except RuleBroken as problem:
            form.add_error(None, " ".join(problem.messages))
        else:
            messages.success(request, "Your biography is saved. The scheme team will review it before mentees see it.")
            return redirect("mentoring:mentor_profile", mentor.scheme.slug)
    context = {"scheme": mentor.scheme, "mentor": mentor, "form": form}
    return render(request, "mentoring/application/profile_edit.html", context)
