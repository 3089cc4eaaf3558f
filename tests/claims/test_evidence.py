"""Which lines the evidence supports: training once the mentoring is arranged, career conversations to
their facilitator, the facilitator's course time once, and nothing from sessions not held."""

import datetime
from decimal import Decimal

from claims.models import Claim, LineKind, LineStatus
from claims.selectors import month_evidence
from claims.services import claim_open_month, claim_submit, mentoring_plan_record
from mentoring.models import EligibilityCheck, MentoringSession, TrainingRecord
from mentoring.services.training import training_record_save
from tests.factories.accounts import UserFactory
from tests.factories.claims import claiming_mentor, complete_conversation, held, past_month, trained


def test_training_waits_for_the_mentoring_to_be_arranged(scheme, staff):
    mentor = claiming_mentor(scheme)
    month = past_month()
    trained(mentor, month, month + datetime.timedelta(days=1))

    before = month_evidence(mentor, month)
    mentoring_plan_record(mentor=mentor, by=staff, note="Two mentees from the spring")
    after = month_evidence(mentor, month)

    assert before.lines == []
    assert "Training sessions are paid once your mentoring is arranged" in before.held_back[0]
    assert [line.kind for line in after.lines] == [LineKind.TRAINING_SESSION] * 2


def test_an_accepted_mentee_releases_training(claimant):
    month = past_month()
    trained(claimant, month)

    claim = claim_open_month(mentor=claimant, month=month, by=claimant.user)

    assert claim.lines.get().kind == LineKind.TRAINING_SESSION


def test_sessions_not_held_are_not_evidence(claimant):
    month = past_month()
    day = month + datetime.timedelta(days=(7 - month.weekday()) % 7)
    held(claimant.mentorship, day, attendance=MentoringSession.Attendance.CANCELLED)
    held(claimant.mentorship, day + datetime.timedelta(days=1), attendance=MentoringSession.Attendance.DID_NOT_ATTEND)

    assert month_evidence(claimant, month).lines == []


def test_two_reimbursed_sessions_a_week_where_the_scheme_allows_them(claimant):
    from schemes.models import Scheme

    Scheme.objects.filter(pk=claimant.scheme_id).update(max_reimbursed_sessions_per_week=2)
    claimant.scheme.refresh_from_db()
    month = past_month()
    monday = month + datetime.timedelta(days=(7 - month.weekday()) % 7)
    for offset in (0, 1, 2):
        held(claimant.mentorship, monday + datetime.timedelta(days=offset))

    lines = month_evidence(claimant, month).lines

    assert [(line.week_start, line.week_slot) for line in lines] == [(monday, 1), (monday, 2)]


def test_a_facilitator_claims_each_complete_conversation_and_the_course_once(scheme):
    facilitator = claiming_mentor(scheme)
    month = past_month()
    training_record_save(
        record=TrainingRecord(
            mentor=facilitator,
            course=TrainingRecord.Course.CAREER_CONVERSATION,
            provider="NHS England",
            started_on=month - datetime.timedelta(days=60),
            expected_completion_on=month,
            completed_on=month,
        ),
        by=None,
    )
    complete_conversation(facilitator, UserFactory(), held_on=month + datetime.timedelta(days=3))
    complete_conversation(facilitator, UserFactory(), held_on=month + datetime.timedelta(days=4))

    claim = claim_open_month(mentor=facilitator, month=month, by=facilitator.user)
    claim_submit(claim=claim, by=facilitator.user, declaration=True)
    next_month = claim_open_month(mentor=facilitator, month=past_month(1), by=facilitator.user)

    kinds = sorted(claim.lines.values_list("kind", flat=True))
    assert kinds == [LineKind.CAREER_CONVERSATION, LineKind.CAREER_CONVERSATION, LineKind.FACILITATOR_COURSE]
    assert sum(claim.lines.values_list("amount", flat=True)) == Decimal("867.00")
    assert next_month.lines.count() == 0


def test_a_mentor_whose_eligibility_lapsed_can_still_submit(claimant):
    EligibilityCheck.objects.filter(mentor=claimant).delete()
    month = past_month()
    held(claimant.mentorship, month + datetime.timedelta(days=(7 - month.weekday()) % 7))

    claim = claim_open_month(mentor=claimant, month=month, by=claimant.user)
    claim_submit(claim=claim, by=claimant.user, declaration=True)

    assert claim.status == Claim.Status.SUBMITTED
    assert claim.lines.get().status == LineStatus.SUBMITTED
