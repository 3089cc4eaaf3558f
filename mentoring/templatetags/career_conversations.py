"""Whether a mentor holds career conversations, asked where it is shown: the directory and portal views
are shared with the other kinds of scheme and know nothing of conversations."""

from django import template

from mentoring.services.conversations import is_facilitator

register = template.Library()


@register.filter
def holds_career_conversations(mentor):
    """A trained facilitator, or one with conversations still to log: someone paused mid-conversation
    still finishes the parts they have held."""
    return is_facilitator(mentor) or mentor.conversations.exists()


@register.simple_tag
def may_ask_for_conversation(mentor, user):
    """The directory page offers a career conversation with any facilitator but oneself."""
    return mentor.user_id != user.pk and is_facilitator(mentor)
