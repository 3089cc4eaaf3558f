"""Every write to a questionnaire response: start or resume, save answers, submit, void, and import.

Audit events hold ids and codes, never answers, scores or free text.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.permissions import Permission
from accounts.services import audit
from mentoring.models import Mentee
from schemes.permissions import has_permission
from schemes.rules import RuleBroken
from surveys import scoring, selectors
from surveys.models import Answer, Item, Questionnaire, Response, SupportPage

ALREADY_SUBMITTED = "You have already sent this questionnaire, so your answers can no longer be changed"
VOIDED = "This questionnaire was set aside by the scheme team, so it can no longer be changed"
FREE_TEXT_MAX = 5000


class SurveyRuleBroken(RuleBroken):
    """Answers that cannot be accepted. error_dict, where present, is keyed by item number."""


def _audit(response, action, *, by, **detail):
    audit(
        actor=by,
        action=f"response.{action}",
        target=response,
        scheme=response.mentee.scheme,
        mentee=response.mentee_id,
        questionnaire=response.code,
        version=response.questionnaire.version,
        **detail,
    )


def current_questionnaire(code):
    return Questionnaire.objects.filter(code=code, is_current=True).first()


def _live_response(mentee, code):
    return Response.objects.filter(mentee=mentee, code=code, voided_at__isnull=True).first()


def response_start(*, mentee, code, by, mentorship=None):
    """The mentee's live response to this questionnaire (open or completed), else a new one on the current
    version. The mentee's row is locked so two tabs starting at once make one response. A questionnaire
    about a mentorship (final review, follow-up) starts only for the mentee's mentorship, in the state that
    asks for it."""
    with transaction.atomic():
        Mentee.objects.select_for_update().filter(pk=mentee.pk).first()
        if response := _live_response(mentee, code):
            return response
        if code in selectors.ABOUT_A_MENTORSHIP and not (
            mentorship is not None and mentorship.mentee_id == mentee.pk and selectors.mentorship_asks(mentorship, code)
        ):
            raise SurveyRuleBroken("This questionnaire is asked once your mentoring reaches that point")
        questionnaire = current_questionnaire(code)
        if questionnaire is None:
            raise SurveyRuleBroken(f"There is no questionnaire called {code}")
        response = Response.objects.create(
            questionnaire=questionnaire, code=code, mentee=mentee, scheme_id=mentee.scheme_id, mentorship=mentorship
        )
        _audit(response, "start", by=by)
    return response


def _is_blank(value):
    return value is None or value == "" or value == []


def question_name(item, *, single=False):
    """How a message names a question: by its number, or on a page asking only one (where no number
    is shown) by its words."""
    return f"“{item.text}”" if single else f"question {item.number}"


def answer_problem(item, value, *, single=False):
    """Why this value cannot be the answer to the item, in words for the person answering; or None."""
    question = question_name(item, single=single)
    match item.kind:
        case Item.Kind.SCALE:
            if isinstance(value, bool) or not isinstance(value, int) or value not in item.scale_values:
                return f"Select an answer to {question}"
        case Item.Kind.CHOICE:
            if not isinstance(value, str) or value not in dict(item.choices):
                return f"Select an answer to {question}"
        case Item.Kind.MULTI_CHOICE:
            codes = dict(item.choices)
            if (
                not isinstance(value, list)
                or any(not isinstance(v, str) or v not in codes for v in value)
                or len(set(value)) != len(value)
            ):
                return f"Select only the answers listed for {question}"
        case Item.Kind.FREE_TEXT:
            if not isinstance(value, str):
                return f"Enter your answer to {question} as text"
            if "\x00" in value:
                return f"Your answer to {question} has a character that cannot be saved: type it again"
            if len(value) > FREE_TEXT_MAX:
                return f"{question[0].upper()}{question[1:]} must be {FREE_TEXT_MAX} characters or fewer"
        case Item.Kind.YES_NO:
            if not isinstance(value, bool):
                return f"Select yes or no for {question}"
    return None


def _refuse_if_closed(response):
    state = Response.objects.select_for_update().values("completed_at", "voided_at").get(pk=response.pk)
    if state["voided_at"]:
        raise SurveyRuleBroken(VOIDED)
    if state["completed_at"]:
        raise SurveyRuleBroken(ALREADY_SUBMITTED)


def response_save(*, response, answers, by, complete=False):
    """Save answers ({item number: value}; a blank value clears the answer) and, with complete=True,
    submit: every required item must then be answered, and the score and band are set.

    Valid answers are kept even when submitting fails for want of others, so nothing typed is lost."""
    missing = {}
    with transaction.atomic():
        _refuse_if_closed(response)
        items = {item.number: item for item in response.questionnaire.items.all()}
        problems = {}
        for number, value in answers.items():
            item = items.get(int(number))
            if item is None:
                problems[int(number)] = f"There is no question {number} in this questionnaire"
            elif not _is_blank(value) and (problem := answer_problem(item, value, single=len(items) == 1)):
                problems[item.number] = problem
        if problems:
            raise SurveyRuleBroken(problems)
        for number, value in answers.items():
            item = items[int(number)]
            if _is_blank(value):
                Answer.objects.filter(response=response, item=item).delete()
            else:
                Answer.objects.update_or_create(response=response, item=item, defaults={"value": value})
        if complete:
            answered = set(response.answers.values_list("item__number", flat=True))
            missing = {
                number: f"Answer {question_name(item, single=len(items) == 1)}"
                for number, item in items.items()
                if item.required and number not in answered
            }
        if complete and not missing:
            response.score, response.band = scoring.score(response)
            response.completed_at = timezone.now()
            response.save(update_fields=["score", "band", "completed_at"])
            _audit(response, "complete", by=by)
        else:
            _audit(response, "save", by=by)
    if missing:
        raise SurveyRuleBroken(missing)
    return response


def response_void(*, response, by, reason):
    """Staff set a response aside, with their reason; the mentee may then answer afresh."""
    reason = reason.strip()
    if not reason:
        raise SurveyRuleBroken("Give a reason for voiding this questionnaire")
    if not has_permission(by, Permission.MENTEE_MANAGE, scheme=response.mentee.scheme):
        raise PermissionDenied
    with transaction.atomic():
        if Response.objects.select_for_update().values_list("voided_at", flat=True).get(pk=response.pk):
            raise SurveyRuleBroken("This questionnaire has already been voided")
        response.voided_at, response.voided_by, response.void_reason = timezone.now(), by, reason
        response.save(update_fields=["voided_at", "voided_by", "void_reason"])
        _audit(response, "void", by=by)
    return response


def response_import(*, mentee, code, answers, by, mentorship=None):
    """Record a completed response in one go, answers in item order (e.g. ten ints for pss10)."""
    with transaction.atomic():
        Mentee.objects.select_for_update().filter(pk=mentee.pk).first()
        if _live_response(mentee, code):
            raise SurveyRuleBroken(f"This mentee already has a {code} questionnaire; void it first")
        questionnaire = current_questionnaire(code)
        if questionnaire is None:
            raise SurveyRuleBroken(f"There is no questionnaire called {code}")
        numbers = list(questionnaire.items.values_list("number", flat=True))
        if len(answers) != len(numbers):
            raise SurveyRuleBroken(f"{questionnaire.title} has {len(numbers)} questions, not {len(answers)} answers")
        response = Response.objects.create(
            questionnaire=questionnaire, code=code, mentee=mentee, scheme_id=mentee.scheme_id, mentorship=mentorship
        )
        _audit(response, "import", by=by)
        response_save(response=response, answers=dict(zip(numbers, answers, strict=True)), by=by, complete=True)
    return response


def support_page_save(*, scheme, by, **words):
    """The scheme's own support page: its heading and body are all staff write."""
    refused = sorted(set(words) - {"heading", "body"})
    if refused:
        raise TypeError(f"A support page update cannot set: {', '.join(refused)}")
    with transaction.atomic():
        page, created = SupportPage.objects.update_or_create(scheme=scheme, defaults=words)
        action = "supportpage.add" if created else "supportpage.change"
        audit(actor=by, action=action, target=page, scheme=scheme, fields=sorted(words))
    return page


def support_page_delete(*, page, by):
    """Without its own page, a scheme's mentees are shown the general sources of support."""
    with transaction.atomic():
        audit(actor=by, action="supportpage.delete", target=page, scheme=page.scheme)
        page.delete()
