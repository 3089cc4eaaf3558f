from django import template

from mentoring.selectors import proposals_for_mentor

register = template.Library()


@register.simple_tag
def proposals_waiting(user):
    """How many proposals wait for this person's answer as a mentor (the portal's accounts view knows
    nothing of mentorships, so the count is asked for where it is shown)."""
    return proposals_for_mentor(user=user).count()
