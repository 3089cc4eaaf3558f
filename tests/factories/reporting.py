"""History for report tests: records as they stood on past dates.

The services refuse to log a meeting or a conversation part dated before the request or acceptance,
which are stamped "now"; a report is about the past, so these rows are built directly, in the state
the services would have left them in.
"""

import datetime

from mentoring.models import CareerConversation, Mentorship, TrainingRecord
from mentoring.services.training import training_record_save
from tests.factories.accounts import UserFactory


def past_mentorship(*, mentee, mentor, started_on=None, status=None):
    status = status or (Mentorship.Status.ACTIVE if started_on else Mentorship.Status.PROPOSED)
    return Mentorship.objects.create(
        scheme=mentee.scheme,
        mentee=mentee,
        mentor=mentor,
        status=status,
        started_on=started_on,
        allowance_hours=mentee.scheme.mentee_allowance_hours,
    )


def past_conversation(*, facilitator, completed_on=None, career_needs=(), status=None):
    complete = completed_on is not None
    return CareerConversation.objects.create(
        scheme=facilitator.scheme,
        gp=UserFactory(),
        facilitator=facilitator,
        status=status or (CareerConversation.Status.COMPLETE if complete else CareerConversation.Status.ACCEPTED),
        completed_on=completed_on,
        career_need_identified=bool(career_needs) if complete else None,
        career_needs=list(career_needs),
    )


def training_completed(mentor, *, course, completed_on=None, started_on=datetime.date(2024, 9, 1)):
    record = TrainingRecord(
        mentor=mentor,
        course=course,
        course_name="Coaching and mentoring certificate" if course == TrainingRecord.Course.EQUIVALENT else "",
        provider="Training hub",
        started_on=started_on,
        expected_completion_on=started_on + datetime.timedelta(days=600),
        completed_on=completed_on,
    )
    return training_record_save(record=record, by=None)


def spent_lines(mentor, lines):
    """Claim lines as a year of claims, approvals, payments and a reversal left them.

    `lines` is [(date, amount, status)]; a negative amount is a reversal of a paid line.
    """
    import itertools

    from claims.models import Claim, ClaimLine, LineKind, LineStatus, PaymentBatch

    slots = itertools.count(1)
    batch = PaymentBatch.objects.create(
        scheme=mentor.scheme, month=datetime.date(2025, 4, 1), status="paid", paid_on=datetime.date(2026, 4, 30)
    )
    made = []
    for day, amount, status in lines:
        claim, _ = Claim.objects.get_or_create(
            scheme=mentor.scheme, claimant=mentor.user, mentor=mentor, month=day.replace(day=1), status="approved"
        )
        paid = status == LineStatus.PAID
        common = {
            "claim": claim,
            "scheme": mentor.scheme,
            "mentor": mentor,
            "status": status,
            "date": day,
            "rate": abs(amount),
            "batch": batch if paid else None,
            "paid_on": day if paid else None,
        }
        if amount < 0:
            original = ClaimLine.objects.create(
                **common | {"status": LineStatus.PAID, "batch": batch, "paid_on": day},
                kind=LineKind.MENTORING_SESSION,
                week_start=day - datetime.timedelta(days=day.weekday()),
                week_slot=next(slots),
                amount=-amount,
            )
            made.append(original)
            made.append(ClaimLine.objects.create(**common, kind=LineKind.REVERSAL, amount=amount, reverses=original))
        else:
            made.append(
                ClaimLine.objects.create(
                    **common,
                    kind=LineKind.MENTORING_SESSION,
                    week_start=day - datetime.timedelta(days=day.weekday()),
                    week_slot=next(slots),
                    amount=amount,
                )
            )
    return made
