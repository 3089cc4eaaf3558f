"""What the database holds when people act at the same moment: threads with their own connections and
real transactions on PostgreSQL."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, connections, transaction

from claims.models import Claim, ClaimLine, LineKind, LineStatus, PaymentBatch
from claims.services import ClaimRuleBroken, batch_create, claim_open_month, claim_submit, funding_apply
from schemes.models import Scheme
from tests.factories.claims import (
    approved_claim,
    claiming_mentor,
    complete_conversation,
    mentorship_of,
    past_month,
    three_weeks,
    trained,
)
from tests.factories.schemes import practice

# Serialized rollback: the flush after each test leaves the reference data migrations load (content types,
# focus areas) for the browser journeys and worker tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def race(*actions):
    """Run the actions in threads released together; return what each returned or raised."""
    assert connection.vendor == "postgresql"
    start = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        try:
            start.wait()
            results[index] = action()
        except Exception as error:  # what the person would see
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n, action)) for n, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def mentor(scheme):
    mentor = claiming_mentor(scheme)
    mentor.mentorship = mentorship_of(mentor)
    return mentor


def test_two_submissions_at_once_for_the_same_weeks_make_one_line_per_week(mentor):
    month = past_month()
    three_weeks(mentor.mentorship, month)

    def open_and_submit():
        claim = claim_open_month(mentor=mentor, month=month, by=mentor.user)
        return claim_submit(claim=claim, by=mentor.user, declaration=True)

    results = race(open_and_submit, open_and_submit)

    assert all(isinstance(result, Claim) for result in results), results
    assert Claim.objects.count() == 1
    assert ClaimLine.objects.filter(status=LineStatus.SUBMITTED).count() == 3
    assert ClaimLine.objects.count() == 3


def test_the_database_refuses_a_second_live_line_for_a_week(mentor):
    month = past_month()
    three_weeks(mentor.mentorship, month)
    line = claim_open_month(mentor=mentor, month=month, by=mentor.user).lines.first()
    other = Claim.objects.create(
        scheme=mentor.scheme, claimant=mentor.user, mentor=mentor, month=past_month(5)
    )  # a raw row: only the database stands in the way here

    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimLine.objects.create(
            claim=other,
            scheme=mentor.scheme,
            mentor=mentor,
            kind=LineKind.MENTORING_SESSION,
            date=line.date,
            week_start=line.week_start,
            week_slot=1,
        )


def test_two_batches_created_at_once_include_each_line_once(mentor, approver, staff):
    month = past_month()
    three_weeks(mentor.mentorship, month)
    approved_claim(mentor, month, approver)
    scheme = mentor.scheme

    results = race(lambda: batch_create(scheme=scheme, by=staff), lambda: batch_create(scheme=scheme, by=staff))

    created = [result for result in results if isinstance(result, tuple)]
    refused = [result for result in results if isinstance(result, ClaimRuleBroken)]
    assert len(created) == 1 and len(refused) == 1, results
    assert PaymentBatch.objects.count() == 1
    assert ClaimLine.objects.filter(batch__isnull=False).count() == 3
    assert PaymentBatch.objects.get().total == Decimal("867.00")


def test_a_fifth_training_session_is_refused(mentor):
    month = past_month()
    days = [month + datetime.timedelta(days=n) for n in range(5)]
    trained(mentor, *days)

    claim = claim_open_month(mentor=mentor, month=month, by=mentor.user)
    claim_submit(claim=claim, by=mentor.user, declaration=True)

    assert claim.lines.filter(kind=LineKind.TRAINING_SESSION, status=LineStatus.SUBMITTED).count() == 4
    assert ClaimLine.objects.filter(kind=LineKind.TRAINING_SESSION).count() == 4


def test_a_fifth_training_session_is_refused_when_two_claims_race_for_it(mentor):
    earlier, later = past_month(3), past_month(2)
    sessions = trained(mentor, *[earlier + datetime.timedelta(days=n) for n in range(4)], later)
    first = claim_open_month(mentor=mentor, month=earlier, by=mentor.user)
    first.lines.filter(training_session=sessions[3]).update(status=LineStatus.REMOVED)
    claim_submit(claim=first, by=mentor.user, declaration=True)  # three claimed
    second = Claim.objects.create(scheme=mentor.scheme, claimant=mentor.user, mentor=mentor, month=later)
    # Two drafts each taking the last place, as two tabs opened before either submitted would.
    first_draft = Claim.objects.create(scheme=mentor.scheme, claimant=mentor.user, mentor=mentor, month=past_month(4))
    for claim, session in ((first_draft, sessions[3]), (second, sessions[4])):
        ClaimLine.objects.create(
            claim=claim,
            scheme=mentor.scheme,
            mentor=mentor,
            kind=LineKind.TRAINING_SESSION,
            date=session.attended_on,
            training_session=session,
        )

    results = race(
        lambda: claim_submit(claim=first_draft, by=mentor.user, declaration=True),
        lambda: claim_submit(claim=second, by=mentor.user, declaration=True),
    )

    assert sum(isinstance(result, ClaimRuleBroken) for result in results) == 1, results
    assert "at most 4 training sessions" in str(next(r for r in results if isinstance(r, ClaimRuleBroken)))
    claimed = ClaimLine.objects.filter(kind=LineKind.TRAINING_SESSION, status=LineStatus.SUBMITTED)
    assert claimed.count() == 4


def pdf():
    return SimpleUploadedFile("invoice.pdf", b"%PDF-1.4 an invoice", content_type="application/pdf")


@pytest.fixture
def funding_scheme(db):
    from tests.factories.schemes import SchemeFactory

    today = datetime.date.today()
    return SchemeFactory(
        kind=Scheme.Kind.CAREER_CONVERSATIONS,
        career_fund=Decimal("1000.00"),
        funding_opens_on=today - datetime.timedelta(days=30),
        funding_closes_on=today + datetime.timedelta(days=30),
    )


def test_two_funding_applications_at_once_cannot_overspend_the_fund(funding_scheme):
    from tests.factories.accounts import UserFactory

    facilitator = claiming_mentor(funding_scheme)
    gps = [UserFactory(), UserFactory()]
    conversations = [
        complete_conversation(facilitator, gp, held_on=datetime.date.today() - datetime.timedelta(days=3)) for gp in gps
    ]
    surgery = practice(code="C81001")

    def apply(conversation):
        return lambda: funding_apply(
            conversation=conversation,
            by=conversation.gp,
            practice=surgery,
            career_need="cpd",
            description="Leadership course",
            backfill_sessions=1,
            course_cost=Decimal("400.00"),
            invoice=pdf(),
            declaration=True,
        )

    results = race(*(apply(conversation) for conversation in conversations))

    refused = [result for result in results if isinstance(result, ClaimRuleBroken)]
    assert len(refused) == 1, results
    assert "£311.00 left" in str(refused[0])
    assert ClaimLine.objects.filter(kind=LineKind.CAREER_NEED_FUNDING).count() == 1
