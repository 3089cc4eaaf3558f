"""Staff's decisions on a mentor, and the mentor's life on the scheme, as the services enforce them."""

import datetime
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.db import IntegrityError
from django.utils import timezone

from accounts.models import AuditEvent, OutboundEmail
from mentoring.models import EligibilityCheck, Mentor
from mentoring.selectors import mentor_may_claim
from mentoring.services.mentors import (
    MentorRuleBroken,
    eligibility_verify,
    mentor_activate,
    mentor_application_start,
    mentor_application_submit,
    mentor_approve,
    mentor_leave,
    mentor_pause,
    mentor_reject,
)
from mentoring.transitions import IllegalTransition
from schemes.rules import RuleBroken
from tests.factories.mentoring import MentorFactory, applicant, approved_mentor, complete_application


def verify_all(mentor, by):
    for item in EligibilityCheck.Item:
        eligibility_verify(mentor=mentor, item=item, by=by)


@pytest.mark.django_db
def test_approval_waits_for_every_eligibility_item(scheme, staff):
    mentor = applicant(scheme)
    eligibility_verify(mentor=mentor, item=EligibilityCheck.Item.GMC_LICENCE, by=staff)

    with pytest.raises(MentorRuleBroken, match="Not yet verified: On the National Medical Performers List"):
        mentor_approve(mentor=mentor, by=staff)

    assert Mentor.objects.get(pk=mentor.pk).status == Mentor.Status.APPLIED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("already_qualified", "status"), [(False, Mentor.Status.IN_TRAINING), (True, Mentor.Status.ACTIVE)]
)
def test_approval_into_training_or_straight_to_active_emails_the_applicant(scheme, staff, already_qualified, status):
    mentor = applicant(scheme)
    verify_all(mentor, staff)

    mentor_approve(mentor=mentor, by=staff, already_qualified=already_qualified)

    mentor.refresh_from_db()
    assert (mentor.status, mentor.approved_on, mentor.decided_by) == (status, timezone.localdate(), staff)
    assert mentor.capacity == scheme.mentor_capacity_max
    email = OutboundEmail.objects.get(to=mentor.user.email, subject__contains="is approved")
    assert ("training" in email.body_text) == (not already_qualified)
    assert "authenticator app" in email.body_text
    event = AuditEvent.objects.filter(target_id=str(mentor.pk), action__startswith="mentor.approve").get()
    assert (event.actor, event.detail["to"]) == (staff, status)


@pytest.mark.django_db
def test_a_scheme_at_its_cap_cannot_approve_another_mentor_until_the_cap_is_raised(scheme, staff):
    scheme.mentor_cap = 1
    scheme.save()
    approved_mentor(scheme, by=staff)
    waiting = applicant(scheme)
    verify_all(waiting, staff)

    with pytest.raises(MentorRuleBroken) as refused:
        mentor_approve(mentor=waiting, by=staff)

    assert refused.value.message == (
        f"{scheme.name} is at its cap of 1 mentors. "
        "Raise the cap in the scheme's settings before approving another mentor."
    )
    assert Mentor.objects.get(pk=waiting.pk).status == Mentor.Status.APPLIED
    scheme.mentor_cap = 2
    scheme.save()
    assert mentor_approve(mentor=waiting, by=staff).status == Mentor.Status.IN_TRAINING


@pytest.mark.django_db
def test_mentors_who_left_do_not_count_towards_the_cap(scheme, staff):
    scheme.mentor_cap = 1
    scheme.save()
    mentor_leave(mentor=approved_mentor(scheme, by=staff), by=staff, left_on=timezone.localdate(), reason="Moved")
    waiting = applicant(scheme)
    verify_all(waiting, staff)

    assert mentor_approve(mentor=waiting, by=staff).status == Mentor.Status.IN_TRAINING


@pytest.mark.django_db
def test_rejection_needs_feedback_and_tells_the_applicant_when_to_reapply(scheme, staff):
    mentor = applicant(scheme)
    reapply_from = timezone.localdate() + datetime.timedelta(days=90)

    with pytest.raises(MentorRuleBroken):
        mentor_reject(mentor=mentor, by=staff, feedback="  ", reapply_from=reapply_from)
    mentor_reject(mentor=mentor, by=staff, feedback="Please complete ILM5 first.", reapply_from=reapply_from)

    email = OutboundEmail.objects.get(to=mentor.user.email, subject__startswith="Your application")
    assert "Please complete ILM5 first." in email.body_text
    assert f"You can apply again from {reapply_from:%-d %B %Y}" in email.body_text
    with pytest.raises(MentorRuleBroken, match=f"You can apply again from {reapply_from:%-d %B %Y}"):
        mentor_application_start(user=mentor.user, scheme=scheme)


@pytest.mark.django_db
def test_a_rejected_applicant_reapplies_from_their_earlier_answers(scheme, staff):
    mentor = applicant(scheme, motivation="My first answer")
    mentor_reject(mentor=mentor, by=staff, feedback="Not yet.", reapply_from=None)

    reopened = mentor_application_start(user=mentor.user, scheme=scheme)

    assert (reopened.pk, reopened.status, reopened.motivation) == (mentor.pk, Mentor.Status.DRAFT, "My first answer")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("months_on_scheme", "exempt", "to_recover"),
    [(6, False, Decimal("2500.00")), (6, True, None), (12, False, None), (13, False, None)],
)
def test_leaving_early_without_exemption_makes_training_cost_recoverable(
    scheme, staff, months_on_scheme, exempt, to_recover
):
    mentor = approved_mentor(scheme, by=staff)
    approved_on = datetime.date(2025, 5, 1)
    Mentor.objects.filter(pk=mentor.pk).update(approved_on=approved_on)
    mentor.refresh_from_db()

    mentor_leave(
        mentor=mentor, by=staff, left_on=approved_on + relativedelta(months=months_on_scheme), reason="", exempt=exempt
    )

    mentor.refresh_from_db()
    assert (mentor.status, mentor.training_cost_to_recover, mentor.bio_published) == (
        Mentor.Status.LEFT,
        to_recover,
        False,
    )


@pytest.mark.django_db
def test_pausing_takes_the_biography_out_of_the_directory(scheme, staff):
    mentor = MentorFactory(scheme=scheme, status=Mentor.Status.ACTIVE, bio_published=True)

    mentor_pause(mentor=mentor, by=staff)

    assert Mentor.objects.get(pk=mentor.pk).bio_published is False


S = Mentor.Status
# Each staff decision, called directly, and the states it may start from in the scheme's process.
DECISIONS = {
    "submit": (lambda mentor, by: mentor_application_submit(mentor=mentor, by=by), {S.DRAFT}),
    "reject": (
        lambda mentor, by: mentor_reject(mentor=mentor, by=by, feedback="Not yet", reapply_from=None),
        {S.APPLIED},
    ),
    "activate": (lambda mentor, by: mentor_activate(mentor=mentor, by=by), {S.IN_TRAINING, S.PAUSED}),
    "pause": (lambda mentor, by: mentor_pause(mentor=mentor, by=by), {S.IN_TRAINING, S.ACTIVE}),
    "leave": (
        lambda mentor, by: mentor_leave(mentor=mentor, by=by, left_on=timezone.localdate(), reason="Moving away"),
        {S.IN_TRAINING, S.ACTIVE, S.PAUSED},
    ),
}
REFUSED = [(name, state) for name, (_, allowed) in DECISIONS.items() for state in set(S) - allowed]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "state"), REFUSED)
def test_each_decision_is_refused_from_a_state_it_cannot_start_from_and_changes_nothing(scheme, staff, name, state):
    mentor = MentorFactory(scheme=scheme, status=state, **complete_application())
    before = AuditEvent.objects.count()
    decide, _ = DECISIONS[name]

    with pytest.raises(RuleBroken):
        decide(mentor, staff)

    assert Mentor.objects.get(pk=mentor.pk).status == state
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_an_illegal_transition_changes_nothing(scheme, staff):
    mentor = MentorFactory(scheme=scheme, status=Mentor.Status.DRAFT)

    with pytest.raises(IllegalTransition):
        mentor_leave(mentor=mentor, by=staff, left_on=timezone.localdate(), reason="")

    assert Mentor.objects.get(pk=mentor.pk).status == Mentor.Status.DRAFT
    assert not AuditEvent.objects.filter(action="mentor.leave").exists()


@pytest.mark.django_db
def test_a_lapsed_verification_holds_claims_until_checked_again(scheme, staff):
    mentor = approved_mentor(scheme, by=staff)
    assert mentor_may_claim(mentor)

    EligibilityCheck.objects.filter(mentor=mentor, item="performers_list").update(
        recheck_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert not mentor_may_claim(mentor)

    eligibility_verify(mentor=mentor, item="performers_list", by=staff)
    assert mentor_may_claim(mentor)
    assert EligibilityCheck.objects.get(mentor=mentor, item="performers_list").recheck_due == (
        timezone.localdate() + relativedelta(years=1)
    )


@pytest.mark.django_db
def test_gmc_number_is_unique_within_a_scheme_in_the_database(scheme, other_scheme):
    MentorFactory(scheme=scheme, **complete_application(gmc_number="7654321"))
    MentorFactory(scheme=other_scheme, **complete_application(gmc_number="7654321"))

    with pytest.raises(IntegrityError):
        MentorFactory(scheme=scheme, **complete_application(gmc_number="7654321"))


@pytest.mark.django_db
def test_database_refuses_a_gmc_number_that_is_not_7_digits(scheme):
    with pytest.raises(IntegrityError):
        MentorFactory(scheme=scheme, **complete_application(gmc_number="123456"))


@pytest.mark.django_db
def test_of_two_staff_deciding_at_once_the_second_is_refused(scheme, staff, other_staff):
    mentor = applicant(scheme)
    verify_all(mentor, staff)
    first_page, second_page = Mentor.objects.get(pk=mentor.pk), Mentor.objects.get(pk=mentor.pk)

    mentor_approve(mentor=first_page, by=staff)
    with pytest.raises(IllegalTransition, match="Approved, in training"):
        mentor_reject(mentor=second_page, by=staff, feedback="Too late", reapply_from=None)

    mentor.refresh_from_db()
    assert (mentor.status, mentor.rejection_feedback) == (Mentor.Status.IN_TRAINING, "")
    assert mentor.approved_on is not None


@pytest.mark.django_db
def test_a_second_tab_cannot_change_an_application_once_sent(scheme):
    from mentoring.services.mentors import mentor_application_save

    mentor = applicant(scheme)
    stale_tab = Mentor.objects.get(pk=mentor.pk)
    stale_tab.status = Mentor.Status.DRAFT  # as that tab last saw it

    with pytest.raises(MentorRuleBroken, match="has been sent"):
        mentor_application_save(mentor=stale_tab, by=mentor.user, gmc_number="7000001")

    mentor.refresh_from_db()
    assert mentor.status == Mentor.Status.APPLIED and mentor.gmc_number != "7000001"


@pytest.mark.django_db
def test_draft_answers_are_audited_by_field_name(scheme, outsider):
    from mentoring.services.mentors import mentor_application_save

    draft = mentor_application_start(user=outsider, scheme=scheme)

    mentor_application_save(mentor=draft, by=outsider, gmc_number="7000002", phone="0151 000 0000")

    event = AuditEvent.objects.get(action="mentor.application_save")
    assert (event.actor, event.detail["fields"]) == (outsider, ["gmc_number", "phone"])
    assert "7000002" not in str(event.detail)


@pytest.mark.django_db
def test_reapplying_needs_the_checks_done_again(scheme, staff):
    mentor = applicant(scheme)
    verify_all(mentor, staff)
    mentor_reject(mentor=mentor, by=staff, feedback="Not yet.", reapply_from=None)

    mentor_application_start(user=mentor.user, scheme=scheme)

    assert not EligibilityCheck.objects.filter(mentor=mentor).exists()


@pytest.mark.django_db
def test_leaving_dates_must_make_sense(scheme, staff):
    mentor = approved_mentor(scheme, by=staff)

    with pytest.raises(MentorRuleBroken, match="on or after the date they were approved"):
        mentor_leave(mentor=mentor, by=staff, left_on=mentor.approved_on - datetime.timedelta(days=1), reason="")
    with pytest.raises(MentorRuleBroken, match="today or in the past"):
        mentor_leave(mentor=mentor, by=staff, left_on=timezone.localdate() + datetime.timedelta(days=1), reason="")

    assert Mentor.objects.get(pk=mentor.pk).status == Mentor.Status.IN_TRAINING


@pytest.mark.django_db
def test_a_reapply_date_in_the_past_is_refused(scheme, staff):
    with pytest.raises(MentorRuleBroken, match="today or later"):
        mentor_reject(
            mentor=applicant(scheme), by=staff, feedback="No", reapply_from=timezone.localdate() - datetime.timedelta(1)
        )
