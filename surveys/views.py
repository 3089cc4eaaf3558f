"""The mentee's questionnaires in the portal: what to do before mentoring, answering one, and where to
get support now. Only the mentee answers; anyone else asking for their pages gets a 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from accounts.permissions import require_login
from accounts.services import special_category_read
from mentoring.models import Mentee
from mentoring.selectors import mentee_of_user
from schemes.rules import RuleBroken
from surveys import selectors
from surveys.forms import SAVE_LATER, QuestionnaireForm
from surveys.models import Response
from surveys.services import current_questionnaire, response_save, response_start

BEFORE_MENTORING = ("pss10", "wlb")


@require_login
def before_mentoring(request, mentee_pk):
    """The two questionnaires to answer before the first session, and how far the mentee has got."""
    mentee = mentee_of_user(user=request.user, pk=mentee_pk)
    live = selectors.live_responses_by_code(mentee)
    tasks = []
    for code in BEFORE_MENTORING:
        response = live.get(code)
        if response is None:
            status, title = "not_started", current_questionnaire(code).title
        else:
            status, title = ("done" if response.is_completed else "in_progress"), response.questionnaire.title
        tasks.append({"code": code, "title": title, "status": status})
    context = {"mentee": mentee, "tasks": tasks, "all_done": all(task["status"] == "done" for task in tasks)}
    return render(request, "surveys/before_mentoring.html", context)


def _after_submitting(request, mentee, response):
    if response.band == Response.Band.HIGH:
        return redirect("surveys:support", mentee.pk)
    messages.success(request, f"Thank you. Your answers to “{response.questionnaire.title}” have been sent.")
    if response.code in BEFORE_MENTORING:
        return redirect("surveys:before_mentoring", mentee.pk)
    return redirect("surveys:respond", mentee.pk, response.code)


@require_login
def respond(request, mentee_pk, code):
    """Answer a questionnaire (resuming saved answers), or read back the answers once sent."""
    mentee = mentee_of_user(user=request.user, pk=mentee_pk)
    response = selectors.live_responses_by_code(mentee).get(code)
    questionnaire = response.questionnaire if response else current_questionnaire(code)
    if questionnaire is None:
        raise Http404("No such questionnaire")
    mentorship = None
    if code in selectors.ABOUT_A_MENTORSHIP and not (response and response.is_completed):
        # Open only while the mentorship it is about asks for it; answers once sent can always be read back.
        mentorship = selectors.mentorship_asking_mentee(mentee, code)
        if mentorship is None or (response and response.mentorship_id not in (None, mentorship.pk)):
            raise Http404("This questionnaire is not open to you now")
    items = list(questionnaire.items.all())
    context = {"mentee": mentee, "questionnaire": questionnaire, "response": response}
    if response and response.is_completed:
        context["summary"] = selectors.summary(response)
        return render(request, "surveys/respond.html", context)
    saved = selectors.answers_by_number(response) if response else {}
    form = QuestionnaireForm(request.POST or None, items=items, saved=saved)
    if request.method == "POST" and form.is_valid():
        saving_for_later = SAVE_LATER in request.POST
        response = response or response_start(mentee=mentee, code=code, by=request.user, mentorship=mentorship)
        try:
            response_save(response=response, answers=form.answers(), by=request.user, complete=not saving_for_later)
        except RuleBroken as broken:
            form.add_problems(broken)
        else:
            if saving_for_later:
                messages.success(request, "Your answers are saved. You can come back and finish at any time.")
                return redirect("surveys:before_mentoring", mentee.pk)
            return _after_submitting(request, mentee, response)
    context["form"] = form
    context["has_saved_answers"] = bool(saved)
    return render(request, "surveys/respond.html", context)


@require_login
def support(request, mentee_pk):
    """Where to get support now, in the scheme's words where it has written them; seen only by the mentee."""
    mentee = mentee_of_user(user=request.user, pk=mentee_pk)
    page = getattr(mentee.scheme, "support_page", None)
    return render(request, "surveys/support.html", {"mentee": mentee, "page": page})


@require_login
def answers(request, mentee_pk):
    """A mentee's sent questionnaires, for the mentee, their scheme's staff, or a mentor they share them with."""
    mentee = get_object_or_404(Mentee.objects.select_related("scheme", "user"), pk=mentee_pk)
    if not selectors.may_see_responses(request.user, mentee):
        raise Http404("No such mentee")
    if request.user != mentee.user:
        special_category_read(by=request.user, target=mentee, what="questionnaire answers", scheme=mentee.scheme)
    responses = [
        {"response": response, "summary": selectors.summary(response)}
        for response in selectors.responses_visible_to(request.user, mentee)
        if response.is_completed or response.is_voided
    ]
    return render(request, "surveys/answers.html", {"mentee": mentee, "responses": responses})
