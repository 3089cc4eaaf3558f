"""Reads shared by the claim pages, the batches, the budget panel and the ledger.

`month_evidence` is where a month's claim lines come from: every line the logged evidence supports
and that is not already on a live line.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.permissions import Permission
from claims.models import (
    CLAIMED_STATUSES,
    LIVE_STATUSES,
    Claim,
    ClaimLine,
    LineKind,
    LineStatus,
    MentoringPlan,
    SpendProfile,
)
from mentoring.models import CareerConversation, Mentor, MentoringSession, Mentorship, TrainingRecord, TrainingSession
from schemes import periods
from schemes.models import SchemeYear
from schemes.permissions import schemes_with_permission

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def month_start(day):
    return day.replace(day=1)


def month_end(day):
    return month_start(day) + relativedelta(months=1, days=-1)


def week_start(day):
    return day - datetime.timedelta(days=day.weekday())


@dataclass
class ProposedLine:
    kind: str
    date: datetime.date
    week_start: datetime.date | None = None
    week_slot: int | None = None
    training_session: TrainingSession | None = None
    training_record: TrainingRecord | None = None
    conversation: CareerConversation | None = None


@dataclass
class MonthEvidence:
    lines: list = field(default_factory=list)
    # What the evidence would support but the scheme's rules hold back, in words for the mentor.
    held_back: list = field(default_factory=list)


def training_funding_released(mentor):
    """Training is paid once the mentoring that follows is arranged: an accepted or active mentorship,
    or staff's record of the mentor's plan to mentor."""
    arranged = mentor.mentorships.filter(
        status__in=[Mentorship.Status.ACCEPTED, Mentorship.Status.ACTIVE, Mentorship.Status.COMPLETED]
    )
    return arranged.exists() or MentoringPlan.objects.filter(mentor=mentor).exists()


def held_weeks(mentor, *, first, last):
    """{Monday: [held dates]} for the weeks whose first held session falls between first and last."""
    dates = (
        MentoringSession.objects.filter(
            mentorship__mentor=mentor,
            attendance=MentoringSession.Attendance.HELD,
            held_on__gte=week_start(first),
            held_on__lte=last + datetime.timedelta(days=6),
        )
        .order_by("held_on")
        .values_list("held_on", flat=True)
    )
    weeks = defaultdict(list)
    for held_on in dates:
        weeks[week_start(held_on)].append(held_on)
    return {monday: days for monday, days in weeks.items() if first <= days[0] <= last}


def month_evidence(mentor, month, *, claim=None):
    """The lines a mentor's logged evidence supports for a calendar month and that are not on any
    live line yet (nor removed by the mentor from this month's claim)."""
    scheme = mentor.scheme
    first, last = month_start(month), month_end(month)
    evidence = MonthEvidence()
    live = ClaimLine.objects.filter(mentor=mentor, status__in=LIVE_STATUSES)
    removed = ClaimLine.objects.filter(claim=claim, status=LineStatus.REMOVED) if claim else ClaimLine.objects.none()
    taken = live | removed

    claimed_weeks = set(taken.filter(kind=LineKind.MENTORING_SESSION).values_list("week_start", "week_slot"))
    per_week = scheme.max_reimbursed_sessions_per_week
    for monday, days in sorted(held_weeks(mentor, first=first, last=last).items()):
        for slot in range(1, min(len(days), per_week) + 1):
            if (monday, slot) not in claimed_weeks:
                evidence.lines.append(
                    ProposedLine(LineKind.MENTORING_SESSION, days[0], week_start=monday, week_slot=slot)
                )

    trained = TrainingSession.objects.filter(mentor=mentor, attended_on__lte=last).exclude(
        # Imported lines may hold no session: a NULL in NOT IN would exclude every session.
        pk__in=taken.filter(kind=LineKind.TRAINING_SESSION, training_session__isnull=False).values("training_session")
    )
    trained = list(trained.order_by("attended_on"))
    if trained:
        used = live.filter(kind=LineKind.TRAINING_SESSION).count()
        room = max(scheme.max_training_sessions - used, 0)
        if not training_funding_released(mentor):
            evidence.held_back.append(
                "Training sessions are paid once your mentoring is arranged: when you have accepted a mentee, "
                "or the scheme team has recorded your plan to mentor."
            )
        else:
            for session in trained[:room]:
                evidence.lines.append(
                    ProposedLine(LineKind.TRAINING_SESSION, session.attended_on, training_session=session)
                )
            if len(trained) > room:
                evidence.held_back.append(
                    f"The scheme pays for at most {scheme.max_training_sessions} training sessions in all."
                )

    conversations = CareerConversation.objects.filter(
        facilitator=mentor, status=CareerConversation.Status.COMPLETE, completed_on__lte=last
    ).exclude(pk__in=taken.filter(kind=LineKind.CAREER_CONVERSATION, conversation__isnull=False).values("conversation"))
    for conversation in conversations.order_by("completed_on"):
        evidence.lines.append(
            ProposedLine(LineKind.CAREER_CONVERSATION, conversation.completed_on, conversation=conversation)
        )

    if not taken.filter(kind=LineKind.FACILITATOR_COURSE).exists():
        course = (
            mentor.training_records.filter(
                course=TrainingRecord.Course.CAREER_CONVERSATION, completed_on__isnull=False, completed_on__lte=last
            )
            .order_by("completed_on")
            .first()
        )
        if course:
            evidence.lines.append(
                ProposedLine(LineKind.FACILITATOR_COURSE, course.completed_on, training_record=course)
            )
    evidence.lines.sort(key=lambda line: (line.date, line.kind))
    return evidence


def week_sessions(line):
    """The held sessions behind a mentoring-session line: its mentor's, in its ISO week."""
    return MentoringSession.objects.filter(
        mentorship__mentor_id=line.mentor_id,
        attendance=MentoringSession.Attendance.HELD,
        held_on__gte=line.week_start,
        held_on__lte=line.week_start + datetime.timedelta(days=6),
    ).only("held_on", "duration_minutes", "mode", "kind", "attendance", "logged_by_staff", "mentorship_id")


def session_is_on_a_claim(session):
    """Whether a logged session backs a line of a submitted or later claim (mentoring.claim_locks)."""
    if session.attendance != MentoringSession.Attendance.HELD:
        return False
    return ClaimLine.objects.filter(
        kind=LineKind.MENTORING_SESSION,
        mentor_id=session.mentorship.mentor_id,
        week_start=week_start(session.held_on),
        status__in=CLAIMED_STATUSES,
    ).exists()


# The mentor's pages


def claims_for_mentor(user):
    """A mentor's own claims and funding applications, with their totals, newest first."""
    return (
        Claim.objects.filter(claimant=user)
        .select_related("scheme")
        .annotate(
            total=Coalesce(
                Sum("lines__amount", filter=~Q(lines__status=LineStatus.REMOVED)), Value(ZERO), output_field=MONEY
            ),
            line_count=Count("lines", filter=~Q(lines__status=LineStatus.REMOVED)),
        )
        .order_by("-month", "-created_at")
    )


def claim_for_claimant(*, user, pk):
    """The user's own claim; anyone else's is a 404, and so is a month's claim once its mentor has left
    the scheme or is paused."""
    claim = get_object_or_404(Claim.objects.select_related("scheme", "mentor", "practice"), pk=pk, claimant=user)
    if claim.kind == Claim.Kind.MONTH and claim.mentor.status not in Mentor.ON_SCHEME:
        raise Http404("No such claim")
    return claim


def lines_of(claim):
    return claim.lines.select_related("training_session", "training_record", "conversation", "decided_by").order_by(
        "date", "pk"
    )


def claiming_mentors(user):
    """The user's mentor records that may open a month's claim: on a scheme, not left."""
    return Mentor.objects.filter(user=user, status__in=Mentor.ON_SCHEME).select_related("scheme")


# The approver's pages


def approval_queue(user, *, scheme=None, month=None):
    """Submitted claims in the approver's schemes, oldest first, with what waits on each."""
    claims = Claim.objects.filter(
        scheme__in=schemes_with_permission(user, Permission.CLAIM_APPROVE), status=Claim.Status.SUBMITTED
    )
    if scheme:
        claims = claims.filter(scheme=scheme)
    if month:
        claims = claims.filter(month=month_start(month))
    return (
        claims.select_related("scheme", "claimant", "practice")
        .annotate(
            waiting=Coalesce(
                Sum("lines__amount", filter=Q(lines__status=LineStatus.SUBMITTED)), Value(ZERO), output_field=MONEY
            ),
            waiting_lines=Count("lines", filter=Q(lines__status=LineStatus.SUBMITTED)),
        )
        .order_by("submitted_at", "pk")
    )


def claim_for_approver(*, user, pk):
    schemes = schemes_with_permission(user, Permission.CLAIM_APPROVE)
    return get_object_or_404(
        Claim.objects.filter(scheme__in=schemes)
        .exclude(status=Claim.Status.DRAFT)
        .select_related("scheme", "claimant", "mentor__practice", "practice"),
        pk=pk,
    )


def line_for_reader(*, user, pk):
    """A line whose evidence the user may open: their own, or one in a scheme whose claims they see."""
    lines = ClaimLine.objects.select_related("claim", "scheme")
    line = get_object_or_404(lines, pk=pk)
    if line.claim.claimant_id == user.pk:
        return line
    if schemes_with_permission(user, Permission.CLAIM_VIEW).filter(pk=line.scheme_id).exists():
        return line
    return get_object_or_404(ClaimLine.objects.none(), pk=pk)


# Payment batches


def batch_rows(batch):
    """One row per line of a batch, for the ICB's payment function, in a fixed number of queries. Only
    the columns the file shows are read: a mentor's whole record (with its encrypted fields) for every
    line was most of the time of a national month's export."""
    lines = (
        batch.lines.select_related("claim__practice", "mentor__user", "mentor__practice")
        .only(
            "batch",
            "kind",
            "date",
            "amount",
            "reverses_id",
            "claim__kind",
            "claim__month",
            "claim__practice__code",
            "claim__practice__name",
            "mentor__gmc_number",
            "mentor__user__first_name",
            "mentor__user__last_name",
            "mentor__user__email",
            "mentor__practice__code",
            "mentor__practice__name",
        )
        .order_by("claim_id", "date", "pk")
    )
    for line in lines:
        claim = line.claim
        if claim.kind == Claim.Kind.FUNDING:
            payee, gmc, practice = claim.practice.name, "", claim.practice
        else:
            payee = line.mentor.user.get_full_name() or line.mentor.user.email
            gmc, practice = line.mentor.gmc_number, line.mentor.practice
        yield {
            "payee": payee,
            "gmc_number": gmc,
            "practice_code": practice.code if practice else "",
            "practice_name": practice.name if practice else "",
            "period": claim.period,
            "kind": line.get_kind_display(),
            "evidence_date": line.date.isoformat(),
            "amount": line.amount,
            "claim_reference": claim.reference,
            "line_reference": f"{claim.reference}-{line.pk}",
            "reverses": f"{claim.reference}-{line.reverses_id}" if line.reverses_id else "",
        }


# The budget


def spend_profile(scheme_year):
    """Twelve monthly amounts (April first). Without a profile the allocation is spread evenly, the
    pence left over going to March so the twelve add up to the allocation exactly."""
    rows = {row.month: row.amount for row in SpendProfile.objects.filter(scheme_year=scheme_year)}
    if rows:
        return [rows.get(month, ZERO) for month in range(1, 13)]
    share = (scheme_year.allocation / 12).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    return [share] * 11 + [scheme_year.allocation - share * 11]


@dataclass
class Budget:
    year_label: str
    allocation: Decimal | None
    profiled_to_date: Decimal
    approved_and_paid: Decimal
    submitted: Decimal
    claim_amount: Decimal

    @property
    def left(self):
        return None if self.allocation is None else self.allocation - self.approved_and_paid

    @property
    def left_after_waiting(self):
        return None if self.left is None else self.left - self.submitted

    @property
    def left_after_claim(self):
        return None if self.left is None else self.left - self.claim_amount


def budget(scheme, *, on, claim=None):
    """The scheme's current financial year: allocation, approved and paid, submitted and waiting, and
    what is left before and after the claim in front of the reader. Three or four queries."""
    start_year = periods.financial_year_start_year(on)
    first, last = periods.financial_year_start(start_year), periods.financial_year_end(start_year)
    year = SchemeYear.objects.filter(scheme=scheme, financial_year__start_year=start_year).first()
    totals = ClaimLine.objects.filter(scheme=scheme, date__gte=first, date__lte=last).aggregate(
        committed=Coalesce(
            Sum("amount", filter=Q(status__in=[LineStatus.APPROVED, LineStatus.PAID])), Value(ZERO), output_field=MONEY
        ),
        waiting=Coalesce(Sum("amount", filter=Q(status=LineStatus.SUBMITTED)), Value(ZERO), output_field=MONEY),
    )
    claim_amount = ZERO
    if claim is not None:
        # The whole of the claim in front of the reader, whichever year its evidence falls in.
        claim_amount = claim.lines.filter(status=LineStatus.SUBMITTED).aggregate(
            total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY)
        )["total"]
    profiled = ZERO
    if year:
        months_gone = (on.year - first.year) * 12 + on.month - first.month + 1
        profiled = sum(spend_profile(year)[:months_gone], ZERO)
    return Budget(
        year_label=periods.financial_year_label(start_year),
        allocation=year.allocation if year else None,
        profiled_to_date=profiled,
        approved_and_paid=totals["committed"],
        submitted=totals["waiting"],
        claim_amount=claim_amount,
    )


def lines_with_evidence(claim, *, lines=None):
    """The claim's lines with the evidence behind each, in a fixed number of queries: week lines get
    `.sessions` (the held sessions of their week), the others their training session or conversation."""
    lines = list(lines if lines is not None else lines_of(claim))
    weeks = [line.week_start for line in lines if line.week_start]
    by_week = defaultdict(list)
    if weeks and claim.mentor_id:
        sessions = MentoringSession.objects.filter(
            mentorship__mentor_id=claim.mentor_id,
            attendance=MentoringSession.Attendance.HELD,
            held_on__gte=min(weeks),
            held_on__lte=max(weeks) + datetime.timedelta(days=6),
        ).only("held_on", "duration_minutes", "mode", "kind", "logged_by_id", "logged_by_staff", "mentorship_id")
        for session in sessions.order_by("held_on"):
            by_week[week_start(session.held_on)].append(session)
    for line in lines:
        line.sessions = by_week.get(line.week_start, []) if line.week_start else []
    return lines
