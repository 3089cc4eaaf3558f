"""The questionnaire scores a mentee shares with their mentor, for the mentor's page about that mentee.

A template tag, so that the mentoring app's pages can show them without mentoring importing surveys."""

from django import template

from surveys import selectors

register = template.Library()


@register.inclusion_tag("surveys/_shared_scores.html")
def shared_scores(mentee, user):
    """Scores and bands of the mentee's sent questionnaires, where this user may see them."""
    if not selectors.may_see_responses(user, mentee):
        return {"mentee": mentee, "shared": False}
    responses = [
        response
        for response in selectors.responses_visible_to(user, mentee)
        if response.is_completed and not response.is_voided
    ]
    return {"mentee": mentee, "shared": True, "responses": responses}
