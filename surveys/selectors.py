"""Who sees questionnaire answers: the mentee; staff of the mentee's scheme; and the mentee's mentor,
only where the mentee chose to share them and the two are (or were) working together."""

from django.utils import timezone

from accounts.permissions import Permission
from mentoring.models import Mentorship
from mentoring.selectors import mentorships_of_mentor
from schemes.permissions import has_permission
from surveys.models import Response

# Only a mentor who has agreed to mentor them: not one merely asked (who may decline), nor requested.
MENTOR_SEES = (Mentorship.Status.ACCEPTED, Mentorship.Status.ACTIVE, Mentorship.Status.COMPLETED)


def responses_visible_to(user, mentee):
    """The mentee's responses this user may see, answers prefetched; none at all for anyone else.

    Staff see voided responses too (with the reason); the mentee sees their own live ones, in progress or
    sent; a mentor sees only sent ones."""
    responses = (
        Response.objects.filter(mentee=mentee)
        .select_related("questionnaire", "voided_by")
        .prefetch_related("questionnaire__items", "answers__item")
        .order_by("started_at")
    )
    if not may_see_responses(user, mentee):
        return responses.none()
    if has_permission(user, Permission.MENTEE_MANAGE, scheme=mentee.scheme):
        return responses
    if mentee.user_id == user.pk:
        return responses.filter(voided_at__isnull=True)
    return responses.filter(voided_at__isnull=True, completed_at__isnull=False)


def may_see_responses(user, mentee):
    """Whether the user may look at this mentee's questionnaires at all (else the page is a 404)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if mentee.user_id == user.pk or has_permission(user, Permission.MENTEE_MANAGE, scheme=mentee.scheme):
        return True
    return (
        mentee.shares_questionnaires_with_mentor
        and mentorships_of_mentor(user=user).filter(mentee=mentee, status__in=MENTOR_SEES).exists()
    )


def live_responses_by_code(mentee):
    """The mentee's own live response for each questionnaire code."""
    responses = Response.objects.filter(mentee=mentee, voided_at__isnull=True).select_related("questionnaire")
    return {response.code: response for response in responses}


def answers_by_number(response):
    return {answer.item.number: answer.value for answer in response.answers.select_related("item")}


def summary(response):
    """(question, answer as read) for every item of the response's version, in order."""
    values = {answer.item_id: answer.value for answer in response.answers.all()}
    return [(item, item.label_of(values.get(item.pk))) for item in response.questionnaire.items.all()]


# Questionnaires about one mentorship, asked only when it is in the state that asks for them.
FINAL_REVIEW, FOLLOW_UP = "final_review", "follow_up"
ABOUT_A_MENTORSHIP = (FINAL_REVIEW, FOLLOW_UP)


def mentorships_asking(code, *, today=None):
    """Mentorships whose state asks their mentee this questionnaire now: the final review once the mentorship
    is completed; the follow-up once it is completed and its follow-up date has come. (Survey links and
    reminders ask the same question of a single mentorship: mentorship_asks.)"""
    today = today or timezone.localdate()
    completed = Mentorship.objects.filter(status=Mentorship.Status.COMPLETED)
    if code == FINAL_REVIEW:
        return completed
    if code == FOLLOW_UP:
        return completed.filter(follow_up_due_on__lte=today)
    return Mentorship.objects.none()


def mentorship_asks(mentorship, code, *, today=None):
    return mentorships_asking(code, today=today).filter(pk=mentorship.pk).exists()


def mentorship_asking_mentee(mentee, code, *, today=None):
    """The mentee's mentorship that asks them this questionnaire now (the latest), or None."""
    return mentorships_asking(code, today=today).filter(mentee=mentee).order_by("-ended_on", "-pk").first()
