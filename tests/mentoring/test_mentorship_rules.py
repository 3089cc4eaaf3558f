"""What the mentorship services refuse whoever calls them (a view, the admin, a command or a task),
and what the database refuses when a write gets past them."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from mentoring.models import CareerConversation, Mentee, Mentor, Mentorship
from mentoring.services.mentees import mentee_update
from mentoring.services.mentors import mentor_application_save, mentor_update
from mentoring.services.mentorships import mentorship_accept, mentorship_propose, mentorship_withdraw
from mentoring.services.sessions import allowance_extend, fit_check_answer, session_log
from schemes.rules import RuleBroken
from tests.factories.mentoring import MenteeFactory, MentorFactory, complete_application
from tests.factories.schemes import SchemeFactory


def active_pair(scheme, *, capacity=4):
    mentor = MentorFactory(scheme=scheme, **complete_application(capacity=capacity))
    mentorship = mentorship_propose(mentee=MenteeFactory(scheme=scheme), mentor=mentor, by=None)
    mentorship_accept(mentorship=mentorship, by=mentor.user)
    session_log(
        mentorship=mentorship,
        by=mentor.user,
        held_on=timezone.localdate(),
        duration_minutes=60,
        mode="video",
        kind="introductory",
    )
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ACTIVE
    return mentorship


@pytest.mark.django_db
def test_withdrawing_an_active_mentorship_is_refused_by_the_service(scheme, staff):
    mentorship = active_pair(scheme)

    with pytest.raises(RuleBroken):
        mentorship_withdraw(mentorship=mentorship, by=staff, reason="Changed our minds")

    mentorship.refresh_from_db()
    assert (mentorship.status, mentorship.end_reason) == (Mentorship.Status.ACTIVE, "")
    assert Mentee.objects.get(pk=mentorship.mentee_id).status == Mentee.Status.MATCHED


@pytest.mark.django_db
def test_an_active_mentorship_ends_as_not_a_fit_only_once_someone_said_so(scheme, staff):
    mentorship = active_pair(scheme)
    with pytest.raises(RuleBroken, match="Neither the mentor nor the mentee has said this is not a fit"):
        mentorship_withdraw(mentorship=mentorship, by=staff, reason="Not a fit", not_a_fit=True)

    fit_check_answer(mentorship=mentorship, by=mentorship.mentee.user, answer=Mentorship.Fit.NOT_A_FIT)
    mentorship_withdraw(mentorship=mentorship, by=staff, reason="Not a fit", not_a_fit=True)

    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.WITHDRAWN
    assert Mentee.objects.get(pk=mentorship.mentee_id).status == Mentee.Status.WAITING


@pytest.mark.django_db
def test_extra_hours_on_a_withdrawn_mentorship_are_refused_by_the_service(scheme, staff):
    mentor = MentorFactory(scheme=scheme, **complete_application())
    mentorship = mentorship_propose(mentee=MenteeFactory(scheme=scheme), mentor=mentor, by=staff)
    mentorship_withdraw(mentorship=mentorship, by=staff, reason="Re-matching")

    with pytest.raises(RuleBroken):
        allowance_extend(mentorship=mentorship, by=staff, extra_hours=4, reason="They asked for more")

    assert not mentorship.extensions.exists()


@pytest.mark.django_db
def test_a_registration_update_cannot_set_the_status(scheme):
    mentee = MenteeFactory(scheme=scheme)

    with pytest.raises(TypeError, match="status"):
        mentee_update(mentee=mentee, by=mentee.user, status=Mentee.Status.FINISHED)

    assert Mentee.objects.get(pk=mentee.pk).status == Mentee.Status.WAITING


@pytest.mark.django_db
def test_saving_an_application_page_cannot_set_the_status_or_the_decision(scheme):
    draft = MentorFactory(scheme=scheme, status=Mentor.Status.DRAFT)

    with pytest.raises(TypeError, match="status"):
        mentor_application_save(mentor=draft, by=draft.user, status=Mentor.Status.ACTIVE)
    with pytest.raises(TypeError, match="approved_on"):
        mentor_application_save(mentor=draft, by=draft.user, approved_on=timezone.localdate())

    draft.refresh_from_db()
    assert (draft.status, draft.approved_on) == (Mentor.Status.DRAFT, None)


@pytest.mark.django_db
def test_a_capacity_outside_the_schemes_range_is_refused_by_the_service_and_the_database(scheme, staff):
    mentor = MentorFactory(scheme=scheme, **complete_application(capacity=6))

    with pytest.raises(RuleBroken) as refused:
        mentor_update(mentor=mentor, by=staff, capacity=12)
    assert refused.value.message_dict == {
        "capacity": ["Mentors on this scheme support between 4 and 8 mentees at once"]
    }
    assert Mentor.objects.get(pk=mentor.pk).capacity == 6

    with pytest.raises(IntegrityError), transaction.atomic():
        Mentor.objects.filter(pk=mentor.pk).update(capacity=0)


@pytest.mark.django_db
def test_a_mentorship_or_conversation_in_another_scheme_than_its_people_is_refused_by_the_database(
    scheme, other_scheme
):
    mentor = MentorFactory(scheme=scheme, **complete_application())
    mentee = MenteeFactory(scheme=scheme)

    with pytest.raises(IntegrityError), transaction.atomic():
        Mentorship.objects.create(scheme=other_scheme, mentee=mentee, mentor=mentor, allowance_hours=8)
    with pytest.raises(IntegrityError), transaction.atomic():
        CareerConversation.objects.create(scheme=other_scheme, gp=mentee.user, facilitator=mentor)
    Mentorship.objects.create(scheme=scheme, mentee=mentee, mentor=mentor, allowance_hours=8)


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["budget", "career_fund", "training_cost_per_mentor"])
def test_scheme_money_is_never_negative(scheme, field):
    with pytest.raises(IntegrityError), transaction.atomic():
        type(scheme).objects.filter(pk=scheme.pk).update(**{field: Decimal("-0.01")})


@pytest.mark.django_db
def test_a_training_cost_to_recover_is_never_negative(scheme):
    mentor = MentorFactory(scheme=scheme, **complete_application())

    with pytest.raises(IntegrityError), transaction.atomic():
        Mentor.objects.filter(pk=mentor.pk).update(training_cost_to_recover=Decimal("-2500.00"))


@pytest.mark.django_db(transaction=True)
def test_two_accepts_at_once_cannot_take_a_mentor_past_their_capacity():
    scheme = SchemeFactory(mentor_capacity_min=1)
    mentor = MentorFactory(scheme=scheme, **complete_application(capacity=2))
    first, second = (mentorship_propose(mentee=MenteeFactory(scheme=scheme), mentor=mentor, by=None) for _ in "12")
    # Staff lowered the mentor's capacity after both proposals went out.
    Mentor.objects.filter(pk=mentor.pk).update(capacity=1)
    outcome = {}

    def accept_second():
        try:
            mentorship_accept(mentorship=Mentorship.objects.get(pk=second.pk), by=mentor.user)
            outcome["second"] = "accepted"
        except RuleBroken as refused:
            outcome["second"] = refused.messages
        finally:
            connection.close()

    other_tab = threading.Thread(target=accept_second)
    with transaction.atomic():
        mentorship_accept(mentorship=first, by=mentor.user)
        other_tab.start()
        other_tab.join(timeout=1)
        waited_for_the_first = other_tab.is_alive()
    other_tab.join(timeout=30)

    assert waited_for_the_first
    assert outcome["second"] == ["You have no place left for another mentee"]
    assert list(Mentorship.objects.filter(mentor=mentor).values_list("pk", "status").order_by("pk")) == [
        (first.pk, Mentorship.Status.ACCEPTED),
        (second.pk, Mentorship.Status.PROPOSED),
    ]


@pytest.mark.django_db
def test_a_proposal_is_withdrawn_as_unanswered_only_once_the_mentors_time_to_answer_has_passed(scheme, staff):
    mentor = MentorFactory(scheme=scheme, **complete_application())
    mentorship = mentorship_propose(mentee=MenteeFactory(scheme=scheme), mentor=mentor, by=staff)

    with pytest.raises(RuleBroken, match="The mentor still has time to answer"):
        mentorship_withdraw(mentorship=mentorship, by=staff, reason="Not answered", only_if_unanswered=True)
    assert Mentorship.objects.get(pk=mentorship.pk).status == Mentorship.Status.PROPOSED

    Mentorship.objects.filter(pk=mentorship.pk).update(proposed_at=timezone.now() - timedelta(days=8))
    mentorship_withdraw(mentorship=mentorship, by=staff, reason="Not answered", only_if_unanswered=True)
    assert Mentorship.objects.get(pk=mentorship.pk).status == Mentorship.Status.WITHDRAWN
