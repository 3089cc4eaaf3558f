"""How surveys plugs into mentoring, which sits below it and so cannot call it directly."""

from django.db.models.signals import post_save

from accounts.services import email_delivered, email_given_up
from mentoring import questionnaires
from schemes.models import Scheme
from surveys.dispatch import on_email_delivered, on_email_given_up
from surveys.dispatch_emails import on_scheme_saved
from surveys.models import Response
from surveys.services import (
    current_questionnaire,
    response_import,
    response_save,
    response_start,
    responses_import_many,
)


def final_review_open(sender, *, mentorship, by, **kwargs):
    """A completed mentorship opens the final-review questionnaire in the mentee's portal."""
    response_start(mentee=mentorship.mentee, code="final_review", by=by, mentorship=mentorship)


def final_reviews(*, user):
    responses = Response.objects.filter(
        mentee__user=user, code="final_review", voided_at__isnull=True, mentorship__isnull=False
    )
    return {response.mentorship_id: response for response in responses}


def final_review_record(*, mentorship, reasons_addressed, wlb, by):
    """A completed mentorship's final review as the mentee answered it before the hub moved onto the
    service: the review its completion opened, answered and submitted (so it is scored as usual)."""
    response = response_start(mentee=mentorship.mentee, code="final_review", by=by, mentorship=mentorship)
    numbers = {item.code: item.number for item in response.questionnaire.items.all()}
    answers = {numbers["wlb"]: wlb}
    if "reasons_addressed" in numbers:
        answers[numbers["reasons_addressed"]] = list(reasons_addressed)
    return response_save(response=response, answers=answers, by=by, complete=True)


def connect():
    questionnaires.register(
        is_set_up=lambda code: current_questionnaire(code) is not None,
        import_answers=response_import,
        final_reviews=final_reviews,
        record_final_review=final_review_record,
        import_answers_many=responses_import_many,
    )
    questionnaires.mentorship_completed.connect(final_review_open, dispatch_uid="surveys.final_review_open")
    email_delivered.connect(on_email_delivered, dispatch_uid="surveys.dispatch.delivered")
    email_given_up.connect(on_email_given_up, dispatch_uid="surveys.dispatch.given_up")
    post_save.connect(on_scheme_saved, sender=Scheme, dispatch_uid="surveys.email_templates.scheme")
