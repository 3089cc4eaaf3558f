"""Claims built from evidence, submitted with the declaration, decided line by line or whole."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import AuditEvent, OutboundEmail
from claims.models import Claim, ClaimLine, LineKind, LineStatus
from claims.services import (
    ClaimRuleBroken,
    claim_decide,
    claim_decide_whole,
    claim_line_remove,
    claim_open_month,
    claim_submit,
)
from claims.transitions import IllegalTransition
from mentoring.claim_locks import session_is_claimed
from mentoring.models import EligibilityCheck
from schemes.models import Scheme
from tests.factories.claims import held, mondays, past_month, submitted_claim, three_weeks


def test_three_held_weeks_make_three_lines_of_289_pounds(claimant):
    month = past_month()
    three_weeks(claimant.mentorship, month)

    claim = claim_open_month(mentor=claimant, month=month, by=claimant.user)

    lines = list(claim.lines.order_by("date"))
    assert [line.kind for line in lines] == [LineKind.MENTORING_SESSION] * 3
    assert [line.date for line in lines] == [
        mondays(month)[0],
        mondays(month)[1],
        mondays(month)[2] + datetime.timedelta(days=1),
    ]
    assert sum(line.amount for line in lines) == Decimal("867.00")


def test_opening_a_month_twice_adds_nothing_new(claimant):
    month = past_month()
    three_weeks(claimant.mentorship, month)

    first = claim_open_month(mentor=claimant, month=month, by=claimant.user)
    second = claim_open_month(mentor=claimant, month=month, by=claimant.user)

    assert first.pk == second.pk
    assert ClaimLine.objects.count() == 3


def test_a_week_belongs_to_the_month_of_its_first_held_session(claimant):
    month = past_month()
    last_day_before = month - datetime.timedelta(days=1)
    held(claimant.mentorship, last_day_before)
    # The same ISO week continues into the month, but its first session was in the month before.
    if last_day_before.weekday() < 6:
        held(claimant.mentorship, last_day_before + datetime.timedelta(days=1))

    claim = claim_open_month(mentor=claimant, month=month, by=claimant.user)
    earlier = claim_open_month(mentor=claimant, month=last_day_before, by=claimant.user)

    assert claim.lines.count() == 0
    assert earlier.lines.get().date == last_day_before


def test_submit_copies_the_rate_and_a_later_rate_change_leaves_it(claimant):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    claim = submitted_claim(claimant, month)

    Scheme.objects.filter(pk=claimant.scheme_id).update(session_rate=Decimal("300.00"))

    assert set(claim.lines.values_list("rate", "amount")) == {(Decimal("289.00"), Decimal("289.00"))}
    assert claim.status == Claim.Status.SUBMITTED
    assert AuditEvent.objects.filter(action="claim.submit", target_id=str(claim.pk)).count() == 1


def test_submit_needs_the_declaration(claimant):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    claim = claim_open_month(mentor=claimant, month=month, by=claimant.user)

    with pytest.raises(ClaimRuleBroken, match="declaration"):
        claim_submit(claim=claim, by=claimant.user, declaration=False)

    assert set(claim.lines.values_list("status", flat=True)) == {LineStatus.DRAFT}


def test_a_second_submit_changes_nothing(claimant):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    claim = submitted_claim(claimant, month)

    again = claim_submit(claim=claim, by=claimant.user, declaration=True)

    assert again.status == Claim.Status.SUBMITTED
    assert AuditEvent.objects.filter(action="claim.submit").count() == 1
    assert Claim.objects.count() == 1 and ClaimLine.objects.count() == 3


def test_a_removed_line_is_not_submitted_nor_proposed_again(claimant):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    claim = claim_open_month(mentor=claimant, month=month, by=claimant.user)
    claim_line_remove(line=claim.lines.first(), by=claimant.user)

    claim_open_month(mentor=claimant, month=month, by=claimant.user)
    claim_submit(claim=claim, by=claimant.user, declaration=True)

    assert claim.lines.filter(status=LineStatus.SUBMITTED).count() == 2
    assert claim.lines.filter(status=LineStatus.REMOVED).count() == 1


def test_submitted_sessions_are_locked_for_the_mentor(claimant):
    month = past_month()
    week_1 = mondays(month)[0]
    session = held(claimant.mentorship, week_1)
    claim = claim_open_month(mentor=claimant, month=month, by=claimant.user)
    assert not session_is_claimed(session)

    claim_submit(claim=claim, by=claimant.user, declaration=True)

    assert session_is_claimed(session)


def test_approver_approves_and_the_mentor_is_emailed(claimant, approver):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    claim = submitted_claim(claimant, month)

    claim_decide_whole(claim=claim, by=approver, decision="approve")

    assert claim.status == Claim.Status.APPROVED
    assert set(claim.lines.values_list("status", "decided_by")) == {(LineStatus.APPROVED, approver.pk)}
    email = OutboundEmail.objects.filter(to=claimant.user.email).latest("pk")
    assert "approved" in email.subject
    assert AuditEvent.objects.filter(action="claim_line.approve").count() == 3


def test_line_by_line_decisions_with_reasons(claimant, approver):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    claim = submitted_claim(claimant, month)
    first, second, third = claim.lines.order_by("date")

    claim_decide(
        claim=claim,
        by=approver,
        decisions={
            first.pk: ("approve", ""),
            second.pk: ("reject", "No session logged with a mentee that week"),
            third.pk: ("return", "Check the date of this session"),
        },
    )

    claim.refresh_from_db()
    assert claim.status == Claim.Status.RETURNED
    assert claim.return_reason == "Check the date of this session"
    assert dict(claim.lines.values_list("pk", "status")) == {
        first.pk: LineStatus.APPROVED,
        second.pk: LineStatus.REJECTED,
        third.pk: LineStatus.DRAFT,
    }
    body = OutboundEmail.objects.filter(to=claimant.user.email).latest("pk").body_text
    assert "No session logged with a mentee that week" in body
    assert "Check the date of this session" in body


def test_returned_claim_is_resubmitted_and_approved(claimant, approver):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    claim = submitted_claim(claimant, month)
    claim_decide_whole(claim=claim, by=approver, decision="return", reason="Remove the third week")

    claim_line_remove(line=claim.lines.order_by("date").last(), by=claimant.user)
    claim_submit(claim=claim, by=claimant.user, declaration=True)
    claim_decide_whole(claim=claim, by=approver, decision="approve")

    assert claim.status == Claim.Status.APPROVED
    assert claim.lines.filter(status=LineStatus.APPROVED).count() == 2


def test_reject_and_return_need_a_reason(claimant, approver):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    claim = submitted_claim(claimant, month)

    with pytest.raises(ClaimRuleBroken, match="reason"):
        claim_decide_whole(claim=claim, by=approver, decision="reject", reason="  ")

    assert set(claim.lines.values_list("status", flat=True)) == {LineStatus.SUBMITTED}


def test_an_approver_cannot_approve_their_own_lines(scheme, approver):
    from tests.factories.claims import claiming_mentor, mentorship_of

    mentor = claiming_mentor(scheme, user=approver)
    mentorship = mentorship_of(mentor)
    month = past_month()
    three_weeks(mentorship, month)
    claim = submitted_claim(mentor, month)

    with pytest.raises(ClaimRuleBroken, match="pays you"):
        claim_decide_whole(claim=claim, by=approver, decision="approve")

    assert set(claim.lines.values_list("status", flat=True)) == {LineStatus.SUBMITTED}


def test_an_approver_who_logged_the_sessions_cannot_approve_them(claimant, approver):
    month = past_month()
    held(claimant.mentorship, mondays(month)[0], by=approver)
    claim = submitted_claim(claimant, month)

    with pytest.raises(ClaimRuleBroken, match="sessions you logged"):
        claim_decide_whole(claim=claim, by=approver, decision="approve")


def test_someone_without_the_approver_role_cannot_decide(claimant, staff, other_scheme):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    claim = submitted_claim(claimant, month)

    with pytest.raises(ClaimRuleBroken, match="claims approver"):
        claim_decide_whole(claim=claim, by=staff, decision="approve")


def test_lines_are_held_while_the_mentor_eligibility_has_lapsed(claimant, approver):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    claim = submitted_claim(claimant, month)  # the mentor may still submit
    EligibilityCheck.objects.filter(mentor=claimant, item="gmc_licence").update(recheck_due=datetime.date(2020, 1, 1))

    with pytest.raises(ClaimRuleBroken, match="re-verifies"):
        claim_decide_whole(claim=claim, by=approver, decision="approve")
    claim_decide_whole(claim=claim, by=approver, decision="reject", reason="Not eligible in that month")

    assert claim.status == Claim.Status.REJECTED


@pytest.mark.parametrize("name", ["approve", "reject", "return", "pay", "remove"])
def test_illegal_line_transitions_raise(claimant, name):
    from claims.transitions import LINE_TRANSITIONS, line_target

    month = past_month()
    three_weeks(claimant.mentorship, month)
    line = claim_open_month(mentor=claimant, month=month, by=claimant.user).lines.first()
    for status in LineStatus:
        line.status = status
        if status in LINE_TRANSITIONS[name][0]:
            assert line_target(line, name) == LINE_TRANSITIONS[name][1]
        else:
            with pytest.raises(IllegalTransition):
                line_target(line, name)


def test_every_illegal_batch_transition_raises():
    from claims.models import PaymentBatch
    from claims.transitions import BATCH_TRANSITIONS, batch_target

    for name, (allowed_from, to) in BATCH_TRANSITIONS.items():
        for status in PaymentBatch.Status:
            batch = PaymentBatch(status=status)
            if status in allowed_from:
                assert batch_target(batch, name) == to
            else:
                with pytest.raises(IllegalTransition):
                    batch_target(batch, name)


def test_deciding_a_line_twice_raises(claimant, approver):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    claim = submitted_claim(claimant, month)
    line = claim.lines.first()
    claim_decide(claim=claim, by=approver, decisions={line.pk: ("approve", "")})

    with pytest.raises(IllegalTransition):
        claim_decide(claim=claim, by=approver, decisions={line.pk: ("reject", "changed my mind")})

    line.refresh_from_db()
    assert line.status == LineStatus.APPROVED


def test_a_session_logged_after_the_month_was_submitted_goes_on_a_further_claim(claimant):
    month = past_month()
    week_1, week_2, week_3, week_4 = mondays(month)
    held(claimant.mentorship, week_1)
    first = submitted_claim(claimant, month)

    unchanged = claim_open_month(mentor=claimant, month=month, by=claimant.user)
    held(claimant.mentorship, week_3)
    further = claim_open_month(mentor=claimant, month=month, by=claimant.user)

    assert unchanged.pk == first.pk
    assert further.pk != first.pk and further.month == first.month
    assert list(further.lines.values_list("date", flat=True)) == [week_3]
    assert first.lines.count() == 1
