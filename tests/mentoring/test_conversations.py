"""Career conversations: who facilitates, the two parts that make one complete, and the outcome."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import AuditEvent
from mentoring.forms.conversations import ConversationOutcomeForm, ConversationPartForm
from mentoring.models import CareerConversation, ConversationPart, Mentor, TrainingRecord
from mentoring.services.conversations import (
    conversation_accept,
    conversation_outcome_record,
    conversation_part_log,
    conversation_request,
    is_facilitator,
)
from mentoring.services.mentors import MentorRuleBroken
from mentoring.services.training import training_record_save
from tests.factories.accounts import UserFactory
from tests.factories.mentoring import MenteeFactory, MentorFactory, complete_application
from tests.factories.schemes import SchemeFactory

TRAINED_FROM = datetime.date(2025, 9, 1)


def career_scheme(**fields):
    return SchemeFactory(kind="career_conversations", name="Cheshire and Merseyside Career Conversations", **fields)


def trained(mentor, *, course=TrainingRecord.Course.CAREER_CONVERSATION, completed=True):
    """Add the mentor's course through the service, completed or still under way."""
    training_record_save(
        record=TrainingRecord(
            mentor=mentor,
            course=course,
            provider="NHS England North West",
            started_on=TRAINED_FROM,
            expected_completion_on=TRAINED_FROM + datetime.timedelta(days=60),
            completed_on=TRAINED_FROM + datetime.timedelta(days=30) if completed else None,
        ),
        by=None,
    )
    return mentor


def facilitator(scheme, *, status=Mentor.Status.ACTIVE, **user):
    """A mentor of the scheme, listed in the directory, who completed the Career Conversation course."""
    mentor = MentorFactory(
        scheme=scheme, status=status, **{f"user__{k}": v for k, v in user.items()},
        **complete_application(bio_published=True),
    )  # fmt: skip
    return trained(mentor)


def gp_of(scheme, **user):
    return MenteeFactory(scheme=scheme, **{f"user__{k}": v for k, v in user.items()}).user


def asked_a_month_ago(conversation):
    CareerConversation.objects.filter(pk=conversation.pk).update(
        requested_at=timezone.now() - datetime.timedelta(days=30)
    )
    conversation.refresh_from_db()
    return conversation


def accepted(scheme=None):
    scheme = scheme or career_scheme()
    conversation = conversation_request(facilitator=facilitator(scheme), gp=gp_of(scheme), by=None)
    return conversation_accept(conversation=asked_a_month_ago(conversation), by=conversation.facilitator.user)


def log(conversation, part, minutes, held_on=None):
    return conversation_part_log(
        conversation=conversation,
        by=conversation.facilitator.user,
        part=part,
        held_on=held_on or timezone.localdate(),
        duration_minutes=minutes,
    )


def completed(scheme=None):
    conversation = accepted(scheme)
    log(conversation, 1, 100)
    log(conversation, 2, 150)
    return conversation


@pytest.mark.django_db
def test_parts_of_100_and_150_minutes_complete_a_career_conversation():
    conversation = accepted()
    today = timezone.localdate()

    log(conversation, 1, 100, held_on=today - datetime.timedelta(days=14))
    log(conversation, 2, 150, held_on=today - datetime.timedelta(days=3))

    conversation.refresh_from_db()
    assert conversation.status == CareerConversation.Status.COMPLETE
    assert conversation.completed_on == today - datetime.timedelta(days=3)
    assert AuditEvent.objects.filter(action="conversation.complete").count() == 1


@pytest.mark.django_db
def test_parts_of_100_and_100_minutes_do_not_complete_it():
    conversation = accepted()

    log(conversation, 1, 100)
    log(conversation, 2, 100)

    conversation.refresh_from_db()
    assert conversation.status == CareerConversation.Status.ACCEPTED
    assert conversation.completed_on is None


@pytest.mark.django_db
def test_one_part_of_250_minutes_does_not_complete_it():
    conversation = accepted()

    log(conversation, 1, 250)

    conversation.refresh_from_db()
    assert conversation.status == CareerConversation.Status.ACCEPTED


@pytest.mark.django_db
def test_logging_part_2_again_with_150_minutes_completes_it():
    conversation = accepted()
    log(conversation, 1, 100)
    log(conversation, 2, 100)

    log(conversation, 2, 150)

    conversation.refresh_from_db()
    assert conversation.status == CareerConversation.Status.COMPLETE
    assert sorted(conversation.parts.values_list("part", "duration_minutes")) == [(1, 100), (2, 150)]


@pytest.mark.django_db
def test_each_part_is_held_once():
    conversation = accepted()
    log(conversation, 1, 100)
    log(conversation, 1, 90)

    assert list(conversation.parts.values_list("part", "duration_minutes")) == [(1, 90)]
    with pytest.raises(IntegrityError), transaction.atomic():
        ConversationPart.objects.create(
            conversation=conversation, part=1, held_on=timezone.localdate(), duration_minutes=60
        )


@pytest.mark.django_db
def test_no_part_is_logged_once_the_conversation_is_complete():
    conversation = completed()

    with pytest.raises(MentorRuleBroken, match="until it is complete"):
        log(conversation, 1, 120)
    assert ConversationPart.objects.filter(conversation=conversation).count() == 2


@pytest.mark.django_db
def test_a_third_part_is_refused_by_the_service_and_the_database():
    conversation = accepted()

    with pytest.raises(MentorRuleBroken, match="two parts"):
        log(conversation, 3, 60)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConversationPart.objects.create(
            conversation=conversation, part=3, held_on=timezone.localdate(), duration_minutes=60
        )


@pytest.mark.django_db
def test_parts_cannot_predate_the_request_or_come_out_of_order():
    conversation = accepted()
    today = timezone.localdate()

    with pytest.raises(MentorRuleBroken, match="on or after the day the GP asked"):
        log(conversation, 1, 100, held_on=today - datetime.timedelta(days=31))
    log(conversation, 1, 100, held_on=today - datetime.timedelta(days=5))
    with pytest.raises(MentorRuleBroken, match="Part 2 must be on or after the date of part 1"):
        log(conversation, 2, 150, held_on=today - datetime.timedelta(days=6))

    assert conversation.parts.count() == 1


@pytest.mark.django_db
def test_a_gp_asks_a_facilitator_once_at_a_time():
    scheme = career_scheme()
    chosen, gp = facilitator(scheme), gp_of(scheme)
    conversation_request(facilitator=chosen, gp=gp, by=gp)

    with pytest.raises(MentorRuleBroken, match="already asked"):
        conversation_request(facilitator=chosen, gp=gp, by=gp)


@pytest.mark.django_db
def test_parts_are_logged_only_once_accepted_and_on_a_past_date():
    scheme = career_scheme()
    conversation = conversation_request(facilitator=facilitator(scheme), gp=gp_of(scheme), by=None)

    with pytest.raises(MentorRuleBroken, match="once the conversation is accepted"):
        log(conversation, 1, 100)
    conversation_accept(conversation=conversation, by=None)
    with pytest.raises(MentorRuleBroken) as refused:
        log(conversation, 1, 100, held_on=timezone.localdate() + datetime.timedelta(days=1))
    assert refused.value.message_dict == {"held_on": ["The date must be today or in the past"]}


@pytest.mark.django_db
def test_a_facilitator_completed_the_career_conversation_course():
    scheme = career_scheme()
    mentor = MentorFactory(scheme=scheme, status=Mentor.Status.ACTIVE, **complete_application())
    assert not is_facilitator(mentor)

    trained(mentor, completed=False)
    assert not is_facilitator(mentor)

    trained(mentor, course=TrainingRecord.Course.ILM5)
    assert not is_facilitator(mentor)

    trained(mentor)
    assert is_facilitator(mentor)


@pytest.mark.django_db
def test_a_facilitator_is_an_active_mentor_of_a_career_conversations_scheme():
    assert is_facilitator(facilitator(career_scheme()))
    assert not is_facilitator(facilitator(career_scheme(), status=Mentor.Status.PAUSED))
    assert not is_facilitator(facilitator(SchemeFactory()))


@pytest.mark.django_db
def test_only_a_facilitator_can_be_asked_and_never_by_themselves():
    scheme = career_scheme()
    untrained = MentorFactory(scheme=scheme, status=Mentor.Status.ACTIVE, **complete_application())
    trained_one = facilitator(scheme)

    with pytest.raises(MentorRuleBroken, match="not taking career conversations"):
        conversation_request(facilitator=untrained, gp=UserFactory(), by=None)
    with pytest.raises(MentorRuleBroken, match="with yourself"):
        conversation_request(facilitator=trained_one, gp=trained_one.user, by=None)
    assert not CareerConversation.objects.exists()


@pytest.mark.django_db
def test_the_outcome_waits_for_a_complete_conversation():
    conversation = accepted()

    with pytest.raises(MentorRuleBroken, match="once both parts are held"):
        conversation_outcome_record(conversation=conversation, by=None, career_need_identified=False)


@pytest.mark.django_db
def test_the_outcome_names_needs_from_the_seven_and_the_need_the_list_misses():
    conversation = completed()

    with pytest.raises(MentorRuleBroken) as refused:
        conversation_outcome_record(conversation=conversation, by=None, career_need_identified=True)
    assert refused.value.message_dict == {"career_needs": ["Select the career needs from the list"]}
    with pytest.raises(MentorRuleBroken):
        conversation_outcome_record(
            conversation=conversation, by=None, career_need_identified=True, career_needs=["astronomy"]
        )
    with pytest.raises(MentorRuleBroken) as refused:
        conversation_outcome_record(
            conversation=conversation, by=None, career_need_identified=True, career_needs=["cpd"],
            support_in_resource_list=False, need_not_in_resource_list="  ",
        )  # fmt: skip
    assert refused.value.message_dict == {
        "need_not_in_resource_list": ["Describe the need the resource list does not meet"]
    }

    conversation_outcome_record(
        conversation=conversation, by=None, career_need_identified=True, career_needs=["cpd", "portfolio"],
        support_in_resource_list=False, need_not_in_resource_list="A course in dermoscopy", will_apply_for_funding=True,
    )  # fmt: skip

    conversation.refresh_from_db()
    assert conversation.career_needs == ["cpd", "portfolio"]
    assert conversation.need_not_in_resource_list == "A course in dermoscopy"
    assert conversation.will_apply_for_funding is True


def outcome_form(**answers):
    return ConversationOutcomeForm(data=answers)


def test_the_outcome_form_asks_for_each_answer_it_needs():
    assert outcome_form().errors == {
        "career_need_identified": ["Select yes if a career need was identified"],
        "will_apply_for_funding": ["Select yes if the GP will apply for funding"],
    }
    assert outcome_form(career_need_identified="True", will_apply_for_funding="False").errors == {
        "career_needs": ["Select the career needs from the list"],
        "support_in_resource_list": ["Select yes if the support was already in the resource list"],
    }
    form = outcome_form(
        career_need_identified="True", career_needs=["cpd"], support_in_resource_list="False",
        will_apply_for_funding="True",
    )  # fmt: skip
    assert form.errors == {"need_not_in_resource_list": ["Describe the need the resource list does not meet"]}
    assert "Select a valid choice" in outcome_form(career_needs=["astronomy"]).errors["career_needs"][0]


def test_the_outcome_form_keeps_no_needs_when_none_was_identified():
    form = outcome_form(
        career_need_identified="False", career_needs=["cpd"], support_in_resource_list="False",
        need_not_in_resource_list="typed by mistake", will_apply_for_funding="False",
    )  # fmt: skip

    assert form.is_valid(), form.errors
    assert form.outcome() == {
        "career_need_identified": False,
        "career_needs": [],
        "support_in_resource_list": None,
        "need_not_in_resource_list": "",
        "will_apply_for_funding": False,
    }


def test_the_part_form_asks_for_a_past_date_and_whole_minutes():
    form = ConversationPartForm(data={"held_on": "31/2/2026", "duration_minutes": "two hours"}, part=1)

    assert form.errors == {
        "held_on": ["Enter the date as day/month/year, like 27/3/2026"],
        "duration_minutes": ["Enter the minutes as a whole number, like 120"],
    }
    assert ConversationPartForm(data={"held_on": "2/3/2026", "duration_minutes": "0"}, part=1).errors == {
        "duration_minutes": ["Enter how long this part lasted in minutes, like 120"]
    }
    valid = ConversationPartForm(data={"held_on": "2/3/2026", "duration_minutes": "150"}, part=2)
    assert valid.is_valid()
    assert valid.cleaned_data == {"held_on": datetime.date(2026, 3, 2), "duration_minutes": 150}
