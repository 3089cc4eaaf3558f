"""Every write to a questionnaire response: start or resume, save answers, submit, void, and import.

Audit events hold ids and codes, never answers, scores or free text.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.permissions import Permission
from accounts.services import BULK_BATCH, audit, audit_event, audit_many
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


def _audit_event(response, action, *, by, **detail):
    return audit_event(
        actor=by,
        action=f"response.{action}",
        target=response,
        scheme=response.mentee.scheme,
        mentee=response.mentee_id,
        questionnaire=response.code,
        version=response.questionnaire.version,
        **detail,
    )


def _audit(response, action, *, by, **detail):
    event = _audit_event(response, action, by=by, **detail)
    event.save(force_insert=True)
    return event


def current_questionnaire(code):
    return Questionnaire.objects.filter(code=code, is_current=True).first()


def _new_response(*, questionnaire, mentee, mentorship=None, **fields):
    """A response to the questionnaire by the mentee, not yet saved, with its questionnaire's code and its
    mentee's scheme copied onto it (one live response per code; a scheme's responses found by index)."""
    return Response(
        questionnaire=questionnaire,
        code=questionnaire.code,
        mentee=mentee,
        scheme_id=mentee.scheme_id,
        mentorship=mentorship,
        **fields,
    )


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
        response = _new_response(questionnaire=questionnaire, mentee=mentee, mentorship=mentorship)
        response.save(force_insert=True)
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


def _answer_problems(items, answers):
    """{item number: why} for the answers ({item number: value}) that cannot be accepted; items are
    {item number: item}. A blank answer is no problem here (whether it is required is _unanswered's)."""
    single = len(items) == 1
    problems = {}
    for number, value in answers.items():
        item = items.get(int(number))
        if item is None:
            problems[int(number)] = f"There is no question {number} in this questionnaire"
        elif not _is_blank(value) and (problem := answer_problem(item, value, single=single)):
            problems[item.number] = problem
    return problems


def _unanswered(items, answered):
    """{item number: what to do} for the required items ({item number: item}) not among answered numbers."""
    single = len(items) == 1
    return {
        number: f"Answer {question_name(item, single=single)}"
        for number, item in items.items()
        if item.required and number not in answered
    }


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
        if problems := _answer_problems(items, answers):
            raise SurveyRuleBroken(problems)
        for number, value in answers.items():
            item = items[int(number)]
            if _is_blank(value):
                Answer.objects.filter(response=response, item=item).delete()
            else:
                Answer.objects.update_or_create(response=response, item=item, defaults={"value": value})
        if complete:
            missing = _unanswered(items, set(response.answers.values_list("item__number", flat=True)))
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
    if not has_permission(by, Permission.MENTEE_MANAGE, scheme=response.scheme):
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
        response = _new_response(questionnaire=questionnaire, mentee=mentee, mentorship=mentorship)
        response.save(force_insert=True)
        _audit(response, "import", by=by)
        response_save(response=response, answers=dict(zip(numbers, answers, strict=True)), by=by, complete=True)
    return response


def responses_import_many(*, imports, by):
    """Record many completed responses in one go, as response_import records each: imports are
    (mentee, code, answers in item order). Every rule of response_import and response_save is checked for
    every response before any is written (a questionnaire of that code is current, one answer per item,
    each a valid answer, every required item answered, no live response of that code for the mentee, nor
    two in imports); then the responses and answers are written in large inserts, scored in memory by
    scoring.score_answers, with the audit rows response_import writes (import, then complete).

    A SurveyRuleBroken names the first problem; the caller has checked its own rows already."""
    imports = list(imports)
    if not imports:
        return []
    with transaction.atomic():
        mentees = {mentee.pk: mentee for mentee, _, _ in imports}
        # The lock response_import takes, on every mentee at once (in order, so two imports cannot deadlock).
        list(Mentee.objects.select_for_update().filter(pk__in=mentees).order_by("pk").values_list("pk", flat=True))
        codes = {code for _, code, _ in imports}
        questionnaires = {
            questionnaire.code: questionnaire
            for questionnaire in Questionnaire.objects.filter(code__in=codes, is_current=True).prefetch_related("items")
        }
        live = set(
            Response.objects.filter(mentee__in=list(mentees), code__in=codes, voided_at__isnull=True).values_list(
                "mentee_id", "code"
            )
        )
        now = timezone.now()
        responses, answer_rows = [], []
        for mentee, code, answers in imports:
            if (mentee.pk, code) in live:
                raise SurveyRuleBroken(f"This mentee already has a {code} questionnaire; void it first")
            live.add((mentee.pk, code))
            questionnaire = questionnaires.get(code)
            if questionnaire is None:
                raise SurveyRuleBroken(f"There is no questionnaire called {code}")
            items = {item.number: item for item in questionnaire.items.all()}
            if len(answers) != len(items):
                raise SurveyRuleBroken(f"{questionnaire.title} has {len(items)} questions, not {len(answers)} answers")
            by_number = dict(zip(items, answers, strict=True))
            if problems := _answer_problems(items, by_number):
                raise SurveyRuleBroken(problems)
            given = [number for number, value in by_number.items() if not _is_blank(value)]
            if missing := _unanswered(items, given):
                raise SurveyRuleBroken(missing)
            answered = {items[number].pk: by_number[number] for number in given}
            score, band = scoring.score_answers(questionnaire, items.values(), answered, mentee.scheme)
            response = _new_response(
                questionnaire=questionnaire, mentee=mentee, started_at=now, completed_at=now, score=score, band=band
            )
            responses.append(response)
            answer_rows.append(answered)
        Response.objects.bulk_create(responses, batch_size=BULK_BATCH)
        Answer.objects.bulk_create(
            [
                Answer(response_id=response.pk, item_id=item_id, value=value)
                for response, answered in zip(responses, answer_rows, strict=True)
                for item_id, value in answered.items()
            ],
            batch_size=BULK_BATCH,
        )
        audit_many(
            [_audit_event(response, action, by=by) for response in responses for action in ("import", "complete")]
        )
    return responses


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
