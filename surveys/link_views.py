"""The survey link in an email: it opens one questionnaire for one mentee without signing in, takes one set
of answers, and is then used up. A link that is altered, expired, used or no longer needed gets a page that
says so and names nobody. Requests are counted per address, as sign-in attempts are."""

from django.core.cache import cache
from django.db import transaction
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from accounts.permissions import public
from surveys import selectors
from surveys.dispatch import dispatch_answered
from surveys.dispatch_models import SurveyDispatch
from surveys.forms import SAVE_LATER, QuestionnaireForm
from surveys.links import dispatch_id_from
from surveys.services import SurveyRuleBroken, current_questionnaire, response_save, response_start

LINK_REQUESTS_PER_WINDOW = 30
LINK_WINDOW_SECONDS = 10 * 60


def _too_many(request):
    key = f"survey-link:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, LINK_WINDOW_SECONDS)
    try:
        return cache.incr(key) > LINK_REQUESTS_PER_WINDOW
    except ValueError:  # expired between add and incr
        return False


def _page(request, template, context=None, status=200):
    response = render(request, template, context or {}, status=status)
    add_never_cache_headers(response)
    return response


def _refused(request, reason, status):
    return _page(request, "surveys/link_refused.html", {"reason": reason}, status=status)


def _usable(dispatch_id, *, lock=False):
    """The dispatch row the link opens, or (None, why not)."""
    rows = SurveyDispatch.objects.select_related("mentee", "mentorship", "scheme")
    if lock:
        rows = rows.select_for_update(of=("self",))
    dispatch = rows.filter(pk=dispatch_id, kind__in=list(SurveyDispatch.QUESTIONNAIRE_OF)).first()
    if dispatch is None or dispatch.queued_at is None or dispatch.skipped_at or dispatch.failed_at:
        return None, "invalid"
    if dispatch.answered_at:
        return None, "used"
    return dispatch, ""


@public
def survey_link(request, token):
    if _too_many(request):
        return _refused(request, "busy", 429)
    dispatch_id = dispatch_id_from(token)
    if dispatch_id is None:
        return _refused(request, "invalid", 404)
    dispatch, why_not = _usable(dispatch_id)
    if dispatch is None:
        return _refused(request, why_not, 410 if why_not == "used" else 404)
    code = SurveyDispatch.QUESTIONNAIRE_OF[dispatch.kind]
    live = selectors.live_responses_by_code(dispatch.mentee).get(code)
    if live and live.is_completed:
        return _refused(request, "used", 410)
    questionnaire = live.questionnaire if live else current_questionnaire(code)
    saved = selectors.answers_by_number(live) if live else {}
    form = QuestionnaireForm(request.POST or None, items=list(questionnaire.items.all()), saved=saved)
    context = {"questionnaire": questionnaire, "scheme": dispatch.scheme, "form": form, "resumed": bool(saved)}
    if request.method == "POST" and form.is_valid():
        saving_for_later = SAVE_LATER in request.POST
        mentee = dispatch.mentee
        try:
            with transaction.atomic():
                dispatch, why_not = _usable(dispatch_id, lock=True)
                if dispatch is None:
                    return _refused(request, why_not, 410 if why_not == "used" else 404)
                response = response_start(mentee=mentee, code=code, by=mentee.user, mentorship=dispatch.mentorship)
                response_save(response=response, answers=form.answers(), by=mentee.user, complete=not saving_for_later)
                if not saving_for_later:
                    dispatch_answered(dispatch=dispatch)
        except SurveyRuleBroken as broken:
            form.add_problems(broken)
        else:
            context["saved_for_later"] = saving_for_later
            return _page(request, "surveys/link_thanks.html", context)
    return _page(request, "surveys/link_respond.html", context)
