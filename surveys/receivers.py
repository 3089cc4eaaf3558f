"""How surveys plugs into mentoring, which sits below it and so cannot call it directly."""

from mentoring import questionnaires
from surveys.models import Response
from surveys.services import current_questionnaire, response_import, response_start


def final_review_open(sender, *, mentorship, by, **kwargs):
    """A completed mentorship opens the final-review questionnaire in the mentee's portal."""
    response_start(mentee=mentorship.mentee, code="final_review", by=by, mentorship=mentorship)


def final_reviews(*, user):
    responses = Response.objects.filter(
        mentee__user=user, code="final_review", voided_at__isnull=True, mentorship__isnull=False
    )
    return {response.mentorship_id: response for response in responses}


def connect():
    questionnaires.register(
        is_set_up=lambda code: current_questionnaire(code) is not None,
        import_answers=response_import,
        final_reviews=final_reviews,
    )
    questionnaires.mentorship_completed.connect(final_review_open, dispatch_uid="surveys.final_review_open")
