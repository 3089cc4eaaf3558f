"""Career conversations: a GP asks a facilitator, the facilitator logs the two parts and the outcome."""

from django.db import transaction
from django.utils import timezone

from accounts.services import audit
from mentoring.models import CareerConversation, CareerNeed, ConversationPart, Mentor, TrainingRecord
from mentoring.services.mentors import MentorRuleBroken
from mentoring.transitions import status_change

C = CareerConversation.Status
OUTCOME_FIELDS = [
    "career_need_identified",
    "career_needs",
    "support_in_resource_list",
    "need_not_in_resource_list",
    "will_apply_for_funding",
]


def is_facilitator(mentor):
    """An active mentor of a career-conversations scheme who completed the Career Conversation course."""
    return (
        mentor.status == Mentor.Status.ACTIVE
        and mentor.scheme.kind == "career_conversations"
        and mentor.training_records.filter(
            course=TrainingRecord.Course.CAREER_CONVERSATION, completed_on__isnull=False
        ).exists()
    )


def conversation_request(*, facilitator, gp, by):
    if not is_facilitator(facilitator):
        raise MentorRuleBroken("This facilitator is not taking career conversations at the moment")
    if gp == facilitator.user:
        raise MentorRuleBroken("You cannot have a career conversation with yourself")
    with transaction.atomic():
        Mentor.objects.select_for_update().get(pk=facilitator.pk)  # one request at a time per facilitator
        if facilitator.conversations.filter(gp=gp, status__in=[C.REQUESTED, C.ACCEPTED]).exists():
            raise MentorRuleBroken("You have already asked this facilitator for a career conversation")
        conversation = CareerConversation.objects.create(scheme=facilitator.scheme, gp=gp, facilitator=facilitator)
        audit(actor=by, action="conversation.request", target=conversation, scheme=conversation.scheme)
    return conversation


def _lock(conversation):
    conversation.status = (
        CareerConversation.objects.select_for_update().values_list("status", flat=True).get(pk=conversation.pk)
    )
    return conversation


def _refuse_unless_facilitating(conversation):
    """Only a facilitator on the scheme, and not paused, accepts, logs or records a conversation."""
    if not Mentor.objects.filter(pk=conversation.facilitator_id, status__in=Mentor.REACHES_MENTEES).exists():
        raise MentorRuleBroken("Only a facilitator on the scheme, and not paused, can do this")


def conversation_accept(*, conversation, by):
    with transaction.atomic():
        _refuse_unless_facilitating(conversation)
        if _lock(conversation).status != C.REQUESTED:
            raise MentorRuleBroken("Only a requested conversation can be accepted")
        status_change(conversation, "accept", by=by)
    return conversation


def conversation_part_log(*, conversation, by, part, held_on, duration_minutes):
    """Log part 1 or 2. With both logged and their minutes adding up to the scheme's (4h10m), the
    conversation is complete: that is what a claim and the NHS England return count."""
    if part not in (1, 2):
        raise MentorRuleBroken({"part": "A career conversation has two parts: part 1 and part 2"})
    if held_on > timezone.localdate():
        raise MentorRuleBroken({"held_on": "The date must be today or in the past"})
    if held_on < timezone.localdate(conversation.requested_at):
        raise MentorRuleBroken({"held_on": "The date must be on or after the day the GP asked for the conversation"})
    if not duration_minutes or duration_minutes < 1:
        raise MentorRuleBroken({"duration_minutes": "Enter how long this part lasted in minutes, like 120"})
    with transaction.atomic():
        _refuse_unless_facilitating(conversation)
        if _lock(conversation).status != C.ACCEPTED:
            raise MentorRuleBroken("Parts can be logged once the conversation is accepted, until it is complete")
        other = conversation.parts.exclude(part=part).first()
        if other:
            part_1_on, part_2_on = (other.held_on, held_on) if part == 2 else (held_on, other.held_on)
            if part_2_on < part_1_on:
                raise MentorRuleBroken({"held_on": "Part 2 must be on or after the date of part 1"})
        logged, _ = ConversationPart.objects.update_or_create(
            conversation=conversation,
            part=part,
            defaults={"held_on": held_on, "duration_minutes": duration_minutes, "logged_by": by},
        )
        audit(actor=by, action="conversation.part", target=conversation, scheme=conversation.scheme, part=part)
        parts = list(conversation.parts.all())
        if len(parts) == 2 and sum(p.duration_minutes for p in parts) >= conversation.scheme.conversation_minutes:
            conversation.completed_on = max(p.held_on for p in parts)
            status_change(conversation, "complete", by=by, fields=["completed_on"])
    return logged


def conversation_outcome_record(
    *, conversation, by, career_need_identified, career_needs=(), support_in_resource_list=None,
    need_not_in_resource_list="", will_apply_for_funding=None,
):  # fmt: skip
    unknown = set(career_needs) - set(CareerNeed.values)
    if unknown or (career_need_identified and not career_needs):
        raise MentorRuleBroken({"career_needs": "Select the career needs from the list"})
    if support_in_resource_list is False and not need_not_in_resource_list.strip():
        raise MentorRuleBroken({"need_not_in_resource_list": "Describe the need the resource list does not meet"})
    with transaction.atomic():
        _refuse_unless_facilitating(conversation)
        if _lock(conversation).status != C.COMPLETE:
            raise MentorRuleBroken("Record the outcome once both parts are held")
        conversation.career_need_identified = career_need_identified
        conversation.career_needs = list(career_needs) if career_need_identified else []
        conversation.support_in_resource_list = support_in_resource_list
        conversation.need_not_in_resource_list = need_not_in_resource_list.strip()
        conversation.will_apply_for_funding = will_apply_for_funding
        conversation.save(update_fields=OUTCOME_FIELDS)
        audit(actor=by, action="conversation.outcome", target=conversation, scheme=conversation.scheme)
    return conversation


def conversation_withdraw(*, conversation, by, reason):
    """End a conversation not yet complete (the facilitator left the scheme, say): the GP may ask another."""
    if not reason.strip():
        raise MentorRuleBroken({"reason": "Give a reason for withdrawing"})
    with transaction.atomic():
        if _lock(conversation).status not in (C.REQUESTED, C.ACCEPTED):
            raise MentorRuleBroken("Only a conversation not yet complete can be withdrawn")
        conversation.status, conversation.end_reason = C.WITHDRAWN, reason.strip()
        conversation.save(update_fields=["status", "end_reason"])
        audit(actor=by, action="conversation.withdraw", target=conversation, scheme=conversation.scheme)
    return conversation
