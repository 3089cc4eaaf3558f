"""Registering as a mentee, and a mentorship's first steps: proposed, answered, withdrawn."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, OutboundEmail
from mentoring.models import Mentee, Mentor, Mentorship
from mentoring.services.mentees import ALREADY_REGISTERED, mentee_register, mentee_update
from mentoring.services.mentors import MentorRuleBroken, mentor_pause
from mentoring.services.mentorships import (
    mentorship_accept,
    mentorship_confirm,
    mentorship_decline,
    mentorship_propose,
    mentorship_withdraw,
)
from mentoring.services.sessions import mentorship_complete
from mentoring.transitions import IllegalTransition
from schemes.rules import RuleBroken
from tests.factories.accounts import UserFactory
from tests.factories.mentoring import MenteeFactory, MentorFactory, complete_application
from tests.factories.schemes import practice


@pytest.fixture
def active_mentor(scheme):
    return MentorFactory(scheme=scheme, status=Mentor.Status.ACTIVE, **complete_application(capacity=1))


@pytest.fixture
def waiting(scheme):
    return MenteeFactory(scheme=scheme, role="salaried_gp")


@pytest.mark.django_db
def test_a_role_the_scheme_does_not_admit_is_refused_naming_its_roles(scheme):
    scheme.admitted_mentee_roles = ["gp_partner", "salaried_gp"]
    scheme.save()

    with pytest.raises(MentorRuleBroken) as refused:
        mentee_register(user=UserFactory(), scheme=scheme, role="practice_manager")

    assert refused.value.message_dict == {"role": [f"{scheme.name} is open to: GP partner, Salaried GP"]}
    assert not Mentee.objects.exists()


@pytest.mark.django_db
def test_one_open_registration_per_scheme_in_the_database_and_the_service(scheme, other_scheme):
    user = UserFactory()
    first = mentee_register(user=user, scheme=scheme, role="gp_partner")
    mentee_register(user=user, scheme=other_scheme, role="gp_partner")

    with pytest.raises(MentorRuleBroken, match=ALREADY_REGISTERED):
        mentee_register(user=user, scheme=scheme, role="gp_partner")
    with pytest.raises(IntegrityError), transaction.atomic():
        Mentee.objects.create(user=user, scheme=scheme)

    Mentee.objects.filter(pk=first.pk).update(status=Mentee.Status.FINISHED)
    assert mentee_register(user=user, scheme=scheme, role="gp_partner").status == Mentee.Status.WAITING


@pytest.mark.django_db
def test_changing_a_registration_is_audited_by_field_name(waiting):
    mentee_update(mentee=waiting, by=waiting.user, reasons=["workload"], intends_to_leave=True)

    event = AuditEvent.objects.get(action="mentee.update")
    assert event.detail["fields"] == ["intends_to_leave", "reasons"]


@pytest.mark.django_db
def test_proposing_holds_a_place_and_asks_the_mentor(waiting, active_mentor, staff):
    mentorship = mentorship_propose(mentee=waiting, mentor=active_mentor, by=staff)

    assert (mentorship.status, mentorship.allowance_hours) == (Mentorship.Status.PROPOSED, 8)
    assert Mentee.objects.get(pk=waiting.pk).status == Mentee.Status.MATCHED
    assert OutboundEmail.objects.filter(to=active_mentor.user.email, subject__contains="accept or decline").exists()
    second = MenteeFactory(scheme=waiting.scheme)
    with pytest.raises(MentorRuleBroken, match="no place left"):
        mentorship_propose(mentee=second, mentor=active_mentor, by=staff)


@pytest.mark.django_db
def test_no_mentor_from_the_mentees_own_practice_or_pcn(scheme, staff):
    mentor = MentorFactory(scheme=scheme, **complete_application(practice=practice("C00001", "U00001")))
    same_pcn = MenteeFactory(scheme=scheme, practice=practice("C00002", "U00001"))

    with pytest.raises(MentorRuleBroken, match="own PCN"):
        mentorship_propose(mentee=same_pcn, mentor=mentor, by=staff)


@pytest.mark.django_db
def test_a_paused_mentor_cannot_be_proposed(waiting, active_mentor, staff):
    mentor_pause(mentor=active_mentor, by=staff)

    with pytest.raises(MentorRuleBroken, match="not active"):
        mentorship_propose(mentee=waiting, mentor=active_mentor, by=staff)


@pytest.mark.django_db
def test_the_mentor_accepts_and_the_mentee_is_emailed(waiting, active_mentor, staff):
    mentorship = mentorship_propose(mentee=waiting, mentor=active_mentor, by=staff)

    mentorship_accept(mentorship=mentorship, by=active_mentor.user)

    assert Mentorship.objects.get(pk=mentorship.pk).status == Mentorship.Status.ACCEPTED
    assert OutboundEmail.objects.filter(to=waiting.user.email, subject__contains="ready to meet you").exists()
    with pytest.raises(IllegalTransition):
        mentorship_decline(mentorship=mentorship, by=active_mentor.user, reason="Changed my mind")


@pytest.mark.django_db
def test_declining_needs_a_reason_and_the_mentee_keeps_their_place(waiting, active_mentor, staff):
    registered_at = waiting.registered_at
    mentorship = mentorship_propose(mentee=waiting, mentor=active_mentor, by=staff)

    with pytest.raises(MentorRuleBroken):
        mentorship_decline(mentorship=mentorship, by=active_mentor.user, reason=" ")
    mentorship_decline(mentorship=mentorship, by=active_mentor.user, reason="I know them socially")

    waiting.refresh_from_db()
    assert (waiting.status, waiting.registered_at) == (Mentee.Status.WAITING, registered_at)
    assert Mentorship.objects.get(pk=mentorship.pk).decline_reason == "I know them socially"


@pytest.mark.django_db
def test_a_mentees_choice_waits_for_staff_then_asks_the_mentor(waiting, active_mentor, staff):
    requested = mentorship_propose(mentee=waiting, mentor=active_mentor, by=waiting.user, chosen_by_mentee=True)
    assert requested.status == Mentorship.Status.REQUESTED
    assert not OutboundEmail.objects.filter(to=active_mentor.user.email).exists()

    mentorship_confirm(mentorship=requested, by=staff)

    assert Mentorship.objects.get(pk=requested.pk).status == Mentorship.Status.PROPOSED
    assert OutboundEmail.objects.filter(to=active_mentor.user.email).exists()


@pytest.mark.django_db
def test_withdrawing_an_unanswered_proposal_lets_staff_match_again(waiting, active_mentor, staff, scheme):
    mentorship = mentorship_propose(mentee=waiting, mentor=active_mentor, by=staff)

    mentorship_withdraw(mentorship=mentorship, by=staff, reason="The mentor did not answer within 7 days")

    assert Mentorship.objects.get(pk=mentorship.pk).ended_on == timezone.localdate()
    other = MentorFactory(scheme=scheme, status=Mentor.Status.ACTIVE, **complete_application())
    assert mentorship_propose(mentee=waiting, mentor=other, by=staff).status == Mentorship.Status.PROPOSED
    with pytest.raises(IntegrityError), transaction.atomic():
        Mentorship.objects.create(scheme=scheme, mentee=waiting, mentor=active_mentor, allowance_hours=8)


@pytest.mark.django_db
def test_a_mentee_who_asked_for_telephone_is_not_matched_with_a_video_only_mentor(scheme, staff):
    video_only = MentorFactory(scheme=scheme, status=Mentor.Status.ACTIVE, **complete_application(offers_video=True))
    wants_telephone = MenteeFactory(scheme=scheme, prefers_telephone=True)

    with pytest.raises(MentorRuleBroken, match="does not offer a way of meeting the mentee asked for"):
        mentorship_propose(mentee=wants_telephone, mentor=video_only, by=staff)
    with pytest.raises(MentorRuleBroken):
        mentorship_propose(mentee=wants_telephone, mentor=video_only, by=wants_telephone.user, chosen_by_mentee=True)

    assert not Mentorship.objects.exists()


@pytest.mark.django_db
def test_confirming_a_choice_checks_the_mentor_again(waiting, active_mentor, staff):
    requested = mentorship_propose(mentee=waiting, mentor=active_mentor, by=waiting.user, chosen_by_mentee=True)
    mentor_pause(mentor=active_mentor, by=staff)

    with pytest.raises(MentorRuleBroken, match="not active"):
        mentorship_confirm(mentorship=requested, by=staff)

    assert Mentorship.objects.get(pk=requested.pk).status == Mentorship.Status.REQUESTED


@pytest.mark.django_db
def test_a_paused_mentor_cannot_accept(waiting, active_mentor, staff):
    proposal = mentorship_propose(mentee=waiting, mentor=active_mentor, by=staff)
    mentor_pause(mentor=active_mentor, by=staff)

    with pytest.raises(MentorRuleBroken, match="Only an active mentor"):
        mentorship_accept(mentorship=proposal, by=active_mentor.user)


@pytest.mark.django_db
def test_withdrawing_an_unanswered_proposal_leaves_one_just_accepted_alone(waiting, active_mentor, staff):
    proposal = mentorship_propose(mentee=waiting, mentor=active_mentor, by=staff)
    Mentorship.objects.filter(pk=proposal.pk).update(proposed_at=timezone.now() - timedelta(days=8))
    stale = Mentorship.objects.get(pk=proposal.pk)
    mentorship_accept(mentorship=proposal, by=active_mentor.user)

    with pytest.raises(IllegalTransition):
        mentorship_withdraw(mentorship=stale, by=staff, reason="No answer in 7 days", only_if_unanswered=True)

    proposal.refresh_from_db()
    assert proposal.status == Mentorship.Status.ACCEPTED and proposal.responded_at is not None


@pytest.mark.django_db
def test_staff_are_not_offered_a_mentees_status_or_consent_in_the_admin(client, staff, waiting):
    client.force_login(staff)

    page = client.get(reverse("admin:mentoring_mentee_change", args=[waiting.pk])).content.decode()

    assert 'name="role"' in page
    for not_theirs in ("status", "scheme", "shares_questionnaires_with_mentor"):
        assert f'name="{not_theirs}"' not in page


M = Mentorship.Status
# Each move on a mentorship, called directly, and the states it may start from.
MOVES = {
    "confirm": (lambda mentorship, by: mentorship_confirm(mentorship=mentorship, by=by), {M.REQUESTED}),
    "accept": (lambda mentorship, by: mentorship_accept(mentorship=mentorship, by=by), {M.PROPOSED}),
    "decline": (lambda mentorship, by: mentorship_decline(mentorship=mentorship, by=by, reason="Full"), {M.PROPOSED}),
    "withdraw": (
        lambda mentorship, by: mentorship_withdraw(mentorship=mentorship, by=by, reason="Re-matching"),
        {M.REQUESTED, M.PROPOSED, M.ACCEPTED},
    ),
    "complete": (
        lambda mentorship, by: mentorship_complete(mentorship=mentorship, by=by, ended_on=timezone.localdate()),
        {M.ACTIVE},
    ),
}
REFUSED_MOVES = [(name, state) for name, (_, allowed) in MOVES.items() for state in set(M) - allowed]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "state"), REFUSED_MOVES)
def test_each_move_is_refused_from_a_state_it_cannot_start_from_and_changes_nothing(
    waiting, active_mentor, staff, name, state
):
    mentorship = Mentorship.objects.create(
        scheme=waiting.scheme, mentee=waiting, mentor=active_mentor, status=state, allowance_hours=8
    )
    before = AuditEvent.objects.count()
    move, _ = MOVES[name]

    with pytest.raises(RuleBroken):
        move(mentorship, staff)

    assert Mentorship.objects.get(pk=mentorship.pk).status == state
    assert Mentee.objects.get(pk=waiting.pk).status == Mentee.Status.WAITING
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_an_illegal_mentorship_move_changes_nothing(waiting, active_mentor, staff):
    from mentoring.services.sessions import mentorship_complete

    proposal = mentorship_propose(mentee=waiting, mentor=active_mentor, by=staff)

    with pytest.raises(IllegalTransition):
        mentorship_complete(mentorship=proposal, by=staff, ended_on=timezone.localdate())

    proposal.refresh_from_db()
    assert (proposal.status, proposal.ended_on) == (Mentorship.Status.PROPOSED, None)
    assert not AuditEvent.objects.filter(action="mentorship.complete").exists()


def started(waiting, mentor, staff, *, accepted_days_ago=10, intro_days_ago=5):
    from mentoring.services.sessions import session_log

    proposal = mentorship_propose(mentee=waiting, mentor=mentor, by=staff)
    mentorship_accept(mentorship=proposal, by=mentor.user)
    Mentorship.objects.filter(pk=proposal.pk).update(
        proposed_at=timezone.now() - timezone.timedelta(days=accepted_days_ago + 1),
        responded_at=timezone.now() - timezone.timedelta(days=accepted_days_ago),
    )
    proposal.refresh_from_db()
    today = timezone.localdate()
    session_log(
        mentorship=proposal,
        by=mentor.user,
        held_on=today - timezone.timedelta(days=intro_days_ago),
        duration_minutes=60,
        mode="video",
        kind="introductory",
    )
    proposal.refresh_from_db()
    return proposal


@pytest.mark.django_db
def test_sessions_cannot_predate_the_mentors_acceptance(waiting, active_mentor, staff):
    from mentoring.services.sessions import session_log

    mentorship = started(waiting, active_mentor, staff)

    with pytest.raises(MentorRuleBroken, match="when the mentoring began"):
        session_log(
            mentorship=mentorship,
            by=active_mentor.user,
            held_on=timezone.localdate() - timezone.timedelta(days=15),
            duration_minutes=60,
            mode="video",
        )


@pytest.mark.django_db
def test_mentoring_cannot_end_before_its_last_session(waiting, active_mentor, staff):
    from mentoring.services.sessions import mentorship_complete

    mentorship = started(waiting, active_mentor, staff)

    with pytest.raises(MentorRuleBroken, match="the last session"):
        mentorship_complete(mentorship=mentorship, by=staff, ended_on=timezone.localdate() - timezone.timedelta(days=6))
    assert Mentorship.objects.get(pk=mentorship.pk).status == Mentorship.Status.ACTIVE


@pytest.mark.django_db
def test_the_fit_check_waits_for_the_introductory_session(waiting, active_mentor, staff):
    from mentoring.services.sessions import fit_check_answer

    proposal = mentorship_propose(mentee=waiting, mentor=active_mentor, by=staff)
    mentorship_accept(mentorship=proposal, by=active_mentor.user)

    with pytest.raises(MentorRuleBroken, match="after the introductory session"):
        fit_check_answer(mentorship=proposal, by=active_mentor.user, answer="not_a_fit")
    assert not OutboundEmail.objects.filter(subject__contains="not be a good fit").exists()
