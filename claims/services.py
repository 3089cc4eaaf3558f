"""Every write about claims: opening a month from evidence, removing lines, submitting with the
declaration, approving, rejecting and returning, career-need funding applications, payment batches,
reversals, the spend profile and the plan to mentor.

Each service checks its own rules whatever a form showed, runs in one transaction, audits ids and
codes, and emails the claimant through the outbox on every decision.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.permissions import Permission
from accounts.services import audit, email_queue
from claims import selectors, transitions
from claims.models import (
    CLAIMED_STATUSES,
    Claim,
    ClaimLine,
    LineKind,
    LineStatus,
    MentoringPlan,
    PaymentBatch,
    SpendProfile,
)
from mentoring.models import CareerConversation, ConversationPart, Mentor
from mentoring.selectors import mentor_may_claim, unverified_items
from schemes.models import Scheme
from schemes.permissions import has_permission

ZERO = Decimal("0.00")
INVOICE_MAX_BYTES = 5 * 1024 * 1024
INVOICE_SIGNATURES = {"pdf": [b"%PDF-"], "png": [b"\x89PNG\r\n\x1a\n"], "jpg": [b"\xff\xd8\xff"]}
DECLARATION = (
    "I declare that the sessions claimed took place, that no other NHS body is paying for them, and "
    "that I understand travel and other expenses cannot be claimed."
)
FUNDING_DECLARATION = (
    "I declare that the course or backfill claimed addresses the career need identified in my career "
    "conversation, that no other NHS body is paying for it, and that travel and subsistence are not claimed."
)


class ClaimRuleBroken(ValidationError):
    """A claim rule refused the change; its message is written for the person who tried."""


def pounds(amount):
    return f"£{amount:,.2f}"


# Opening a month


def _editable(claim):
    return claim.status in (Claim.Status.DRAFT, Claim.Status.RETURNED)


class _NothingNewToClaim(Exception):
    pass


OPEN_STATUSES = (Claim.Status.DRAFT, Claim.Status.RETURNED)


def claim_open_month(*, mentor, month, by):
    """The mentor's open claim for a month, with a draft line for every piece of evidence not yet claimed.

    Opening a month twice, or in two tabs at once, gives the one open claim (the database holds one
    claim in draft per mentor and month, and one live line per week, training session and
    conversation). Evidence logged after the month's claim was submitted goes on a further claim for
    the same month, so nothing held is ever left unclaimable."""
    if by != mentor.user:
        raise ClaimRuleBroken("Only the mentor can claim for their own sessions")
    if mentor.status not in Mentor.ON_SCHEME:
        raise ClaimRuleBroken("Only a mentor on the scheme can claim")
    month = selectors.month_start(month)
    if month > timezone.localdate():
        raise ClaimRuleBroken("You can only claim for this month or an earlier one")
    claims = Claim.objects.filter(kind=Claim.Kind.MONTH, mentor=mentor, month=month)
    if claim := claims.filter(status__in=OPEN_STATUSES).order_by("created_at").first():
        return _propose_lines(claim=claim, by=by)
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                scheme=mentor.scheme, kind=Claim.Kind.MONTH, claimant=mentor.user, mentor=mentor, month=month
            )
            audit(actor=by, action="claim.open", target=claim, scheme=claim.scheme, month=claim.period)
            if not _add_lines(claim=claim, by=by) and claims.exclude(pk=claim.pk).exists():
                raise _NothingNewToClaim  # a further claim only when there is something new on it
            return claim
    except _NothingNewToClaim:
        return claims.order_by("-created_at").first()
    except IntegrityError:  # another tab opened the month a moment ago
        claim = claims.filter(status__in=OPEN_STATUSES).order_by("created_at").first()
        return _propose_lines(claim=claim, by=by) if claim else claims.order_by("-created_at").first()


def _propose_lines(*, claim, by):
    with transaction.atomic():
        _lock_claim(claim)
        if _editable(claim):
            _add_lines(claim=claim, by=by)
    return claim


def _add_lines(*, claim, by):
    mentor, added = claim.mentor, 0
    for proposed in selectors.month_evidence(mentor, claim.month, claim=claim).lines:
        try:
            with transaction.atomic():
                ClaimLine.objects.create(
                    claim=claim,
                    scheme=mentor.scheme,
                    mentor=mentor,
                    kind=proposed.kind,
                    date=proposed.date,
                    week_start=proposed.week_start,
                    week_slot=proposed.week_slot,
                    training_session=proposed.training_session,
                    training_record=proposed.training_record,
                    conversation=proposed.conversation,
                    rate=mentor.scheme.session_rate,
                    amount=mentor.scheme.session_rate,
                )
                added += 1
        except IntegrityError:
            continue  # another tab proposed the same evidence a moment ago: it is on a live line already
    if added:
        audit(actor=by, action="claim.propose_lines", target=claim, scheme=claim.scheme, added=added)
    return added


def _lock_claim(claim):
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    claim.status, claim.return_reason = locked.status, locked.return_reason
    return claim


def claim_line_remove(*, line, by):
    """The claimant takes a proposed line off the claim; it stays off when the month is opened again."""
    return _line_toggle(line=line, by=by, name="remove")


def claim_line_restore(*, line, by):
    """Put a removed line back, unless its evidence has gone onto another live line meanwhile."""
    try:
        return _line_toggle(line=line, by=by, name="restore")
    except IntegrityError:
        raise ClaimRuleBroken("This evidence is already on another claim") from None


def _line_toggle(*, line, by, name):
    claim = line.claim
    if claim.claimant_id != by.pk:
        raise ClaimRuleBroken("Only the claimant can change the lines of a claim")
    with transaction.atomic():
        _lock_claim(claim)
        line.refresh_from_db(fields=["status"])
        if not _editable(claim):
            raise ClaimRuleBroken("This claim has been submitted: its lines can no longer be changed")
        line.status = transitions.line_target(line, name)
        line.save(update_fields=["status"])
        audit(actor=by, action=f"claim_line.{name}", target=line, scheme=claim.scheme, claim=claim.pk)
    return line


PENNY = Decimal("0.01")


# Submitting


def _check_weeks_still_held(drafts):
    """A session behind a draft line may have been deleted, moved or marked not held since the month was
    opened (only a submitted claim locks them). The week's sessions are locked while they are counted, so
    a correction made at the same moment waits for this claim and then meets the claim's lock."""
    for line in drafts:
        if line.kind != LineKind.MENTORING_SESSION:
            continue
        held = len(selectors.week_sessions(line).select_for_update())
        if held < line.week_slot:
            raise ClaimRuleBroken(
                f"The week of {line.week_start:%-d %B %Y} no longer has a session logged as held. "
                "Remove that line, or log the session again, then submit"
            )


def claim_submit(*, claim, by, declaration):
    """Submit the claim's draft lines with the declaration, copying the scheme's rate onto each.

    A double click or a resubmitted form finds nothing left in draft and changes nothing."""
    if claim.claimant_id != by.pk:
        raise ClaimRuleBroken("Only the claimant can submit a claim")
    if declaration is not True:
        raise ClaimRuleBroken({"declaration": "Confirm the declaration to submit your claim"})
    with transaction.atomic():
        _lock_claim(claim)
        drafts = list(claim.lines.filter(status=LineStatus.DRAFT).select_for_update())
        if claim.status == Claim.Status.SUBMITTED and not drafts:
            return claim  # submitted already: a second click
        if not _editable(claim):
            raise ClaimRuleBroken("This claim has been submitted already")
        if not drafts:
            raise ClaimRuleBroken("There are no lines to submit. Open the month again once you have logged sessions")
        scheme = Scheme.objects.get(pk=claim.scheme_id)
        if claim.kind == Claim.Kind.FUNDING:
            scheme = Scheme.objects.select_for_update().get(pk=claim.scheme_id)  # one draw on the fund at a time
            _check_funding_again(scheme=scheme, drafts=drafts)
        if claim.mentor_id:
            mentor = Mentor.objects.select_for_update().get(pk=claim.mentor_id)  # one training count at a time
            if mentor.status not in Mentor.ON_SCHEME:
                raise ClaimRuleBroken("Only a mentor on the scheme can claim")
            _check_training_cap(mentor=mentor, scheme=scheme, claim=claim, drafts=drafts)
        _check_weeks_still_held(drafts)
        now = timezone.now()
        for line in drafts:
            line.status = transitions.line_target(line, "submit")
            line.rate = scheme.session_rate
            line.amount = line.rate * line.quantity + line.extra_cost
            line.save(update_fields=["status", "rate", "amount"])
        claim.status = Claim.Status.SUBMITTED
        claim.submitted_at = claim.declared_at = now
        claim.save(update_fields=["status", "submitted_at", "declared_at"])
        audit(
            actor=by,
            action="claim.submit",
            target=claim,
            scheme=claim.scheme,
            lines=[line.pk for line in drafts],
            total=str(sum((line.amount for line in drafts), ZERO)),
        )
    return claim


def _check_funding_again(*, scheme, drafts):
    """A funding application returned for changes meets the window and the fund again when resubmitted."""
    today = timezone.localdate()
    if not (scheme.funding_opens_on and scheme.funding_closes_on) or not (
        scheme.funding_opens_on <= today <= scheme.funding_closes_on
    ):
        raise ClaimRuleBroken("This scheme is not taking funding applications at the moment")
    amount = sum((scheme.session_rate * line.quantity + line.extra_cost for line in drafts), ZERO)
    left = fund_left(scheme)
    if amount > left:
        raise ClaimRuleBroken(
            f"The career fund has {pounds(max(left, ZERO))} left, less than the {pounds(amount)} applied for"
        )


def _check_training_cap(*, mentor, scheme, claim, drafts):
    training = [line for line in drafts if line.kind == LineKind.TRAINING_SESSION]
    if not training:
        return
    if not selectors.training_funding_released(mentor):
        raise ClaimRuleBroken(
            "Training sessions are paid once your mentoring is arranged: remove them until you have "
            "accepted a mentee or the scheme team has recorded your plan to mentor"
        )
    claimed = ClaimLine.objects.filter(
        mentor=mentor, kind=LineKind.TRAINING_SESSION, status__in=CLAIMED_STATUSES
    ).count()
    if claimed + len(training) > scheme.max_training_sessions:
        left = max(scheme.max_training_sessions - claimed, 0)
        raise ClaimRuleBroken(
            f"The scheme pays for at most {scheme.max_training_sessions} training sessions in all; "
            f"you can claim {left} more. Remove the others to submit"
        )


# Deciding


def pays_themselves(line, user):
    """Whether approving this line would pay the approver, or pay for sessions they logged."""
    claim = line.claim
    if claim.claimant_id == user.pk or (line.mentor_id and line.mentor.user_id == user.pk):
        return True
    if line.kind == LineKind.MENTORING_SESSION:
        return selectors.week_sessions(line).filter(logged_by=user).exists()
    if line.conversation_id:
        return (
            line.conversation.gp_id == user.pk
            or ConversationPart.objects.filter(conversation_id=line.conversation_id, logged_by=user).exists()
        )
    return False


def held_reasons(claim):
    """Why the claim's lines cannot be approved yet, in words for the approver ([] when they can)."""
    if not claim.mentor_id:
        return []
    mentor = claim.mentor
    if mentor.status not in Mentor.ON_SCHEME:
        return [f"The mentor is not on the scheme (status: {mentor.get_status_display()})"]
    missing = unverified_items(mentor)
    return [f"Eligibility check lapsed or missing: {item.label}" for item in missing]


APPROVE, REJECT, RETURN = "approve", "reject", "return"
DECISIONS = {APPROVE: "approve", REJECT: "reject", RETURN: "return"}


def claim_decide(*, claim, by, decisions):
    """Decide some or all of a claim's submitted lines: `decisions` maps line id to (decision, reason).

    Reject and return need a reason. Nobody decides a claim that pays themselves; lines held for the
    mentor's eligibility cannot be approved until staff re-verify it."""
    if not has_permission(by, Permission.CLAIM_APPROVE, scheme=claim.scheme):
        raise ClaimRuleBroken("Only a claims approver of this scheme can decide claims")
    if not decisions:
        raise ClaimRuleBroken("Choose a decision for at least one line")
    for decision, reason in decisions.values():
        if decision not in DECISIONS:
            raise ClaimRuleBroken("Choose approve, reject or return for each line")
        if decision != APPROVE and not reason.strip():
            raise ClaimRuleBroken({"reason": "Give the reason, which the claimant will see"})
    with transaction.atomic():
        _lock_claim(claim)
        lines = {
            line.pk: line
            for line in claim.lines.select_for_update(of=("self",))
            .select_related("mentor", "conversation")
            .filter(pk__in=list(decisions))
        }
        if set(lines) != set(decisions):
            raise ClaimRuleBroken("A line chosen is not on this claim")
        if any(pays_themselves(line, by) for line in lines.values()):
            raise ClaimRuleBroken("You cannot decide a claim that pays you or pays for sessions you logged")
        if any(decision == APPROVE for decision, _ in decisions.values()):
            reasons = held_reasons(claim)
            if reasons or (claim.mentor_id and not mentor_may_claim(claim.mentor)):
                raise ClaimRuleBroken(
                    "These lines are held until the scheme team re-verifies the mentor: " + "; ".join(reasons)
                )
        now = timezone.now()
        for pk, (decision, reason) in decisions.items():
            line = lines[pk]
            line.status = transitions.line_target(line, DECISIONS[decision])
            line.decided_by, line.decided_at, line.decision_reason = by, now, reason.strip()
            line.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
            audit(actor=by, action=f"claim_line.{decision}", target=line, scheme=claim.scheme, claim=claim.pk)
        returned = [reason.strip() for decision, reason in decisions.values() if decision == RETURN]
        if returned:
            claim.return_reason = "\n".join(dict.fromkeys(returned))
        claim.decided_at = now
        _settle_status(claim, fields=["decided_at", "return_reason"])
        audit(
            actor=by,
            action="claim.decide",
            target=claim,
            scheme=claim.scheme,
            decisions={str(pk): decision for pk, (decision, _) in decisions.items()},
            status=claim.status,
        )
        _email_decision(claim, lines=list(lines.values()))
    return claim


def claim_decide_whole(*, claim, by, decision, reason=""):
    """The same decision for every line still waiting on the claim."""
    waiting = claim.lines.filter(status=LineStatus.SUBMITTED).values_list("pk", flat=True)
    return claim_decide(claim=claim, by=by, decisions=dict.fromkeys(waiting, (decision, reason)))


def claim_status_from_lines(claim):
    lines = claim.lines.exclude(kind=LineKind.REVERSAL).exclude(status=LineStatus.REMOVED)
    statuses = list(lines.values_list("status", flat=True))
    S = Claim.Status
    if not statuses:
        return S.DRAFT
    if LineStatus.SUBMITTED in statuses:
        return S.SUBMITTED
    if LineStatus.DRAFT in statuses:
        return S.RETURNED if claim.submitted_at else S.DRAFT
    if all(status == LineStatus.PAID for status in statuses):
        return S.PAID
    if all(status == LineStatus.REJECTED for status in statuses):
        return S.REJECTED
    if LineStatus.REJECTED in statuses:
        return S.PART_APPROVED
    return S.APPROVED


def _settle_status(claim, fields=()):
    claim.status = claim_status_from_lines(claim)
    claim.save(update_fields=["status", *fields])


def _email_decision(claim, *, lines):
    context = {"claim": claim, "lines": sorted(lines, key=lambda line: (line.date, line.pk))}
    email_queue(
        to=claim.claimant.email,
        subject=render_to_string("claims/email/decision_subject.txt", context).strip(),
        body_text=render_to_string("claims/email/decision.txt", context),
    )


# Career-need funding


def invoice_problem(upload):
    """Type by content, not just by name, and size."""
    extension = upload.name.rsplit(".", 1)[-1].lower()
    extension = "jpg" if extension == "jpeg" else extension
    if extension not in INVOICE_SIGNATURES:
        return "The invoice or booking must be a PDF, JPG or PNG file"
    if upload.size > INVOICE_MAX_BYTES:
        return f"The invoice or booking must be smaller than {INVOICE_MAX_BYTES // (1024 * 1024)} MB"
    start = upload.read(16)
    upload.seek(0)
    if not any(start.startswith(signature) for signature in INVOICE_SIGNATURES[extension]):
        return f"The invoice or booking does not look like a {extension.upper()} file. Save it again and upload it"
    return None


def fund_left(scheme):
    """The career fund less every funding application waiting, approved or paid."""
    used = (
        ClaimLine.objects.filter(
            scheme=scheme, kind=LineKind.CAREER_NEED_FUNDING, status__in=CLAIMED_STATUSES
        ).aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    return scheme.career_fund - used


def funding_apply(
    *,
    conversation,
    by,
    practice,
    career_need,
    description,
    backfill_sessions,
    course_cost,
    invoice,
    declaration,
    today=None,
):
    """A GP applies for backfill and/or course funding after their career conversation; it is paid to
    their practice. Refused outside the funding window and when it would overspend the career fund."""
    today = today or timezone.localdate()
    scheme = conversation.scheme
    if conversation.gp_id != by.pk:
        raise ClaimRuleBroken("Only the GP who had the career conversation can apply for its funding")
    if conversation.status != CareerConversation.Status.COMPLETE:
        raise ClaimRuleBroken("Funding can be applied for once both parts of the conversation are held")
    if career_need not in (conversation.career_needs or []):
        raise ClaimRuleBroken({"career_need": "Choose a career need identified in your conversation"})
    if not declaration:
        raise ClaimRuleBroken({"declaration": "Confirm the declaration to apply"})
    if practice is None or practice.kind != "practice":
        raise ClaimRuleBroken({"practice": "Enter your practice's ODS code: the funding is paid to the practice"})
    if backfill_sessions < 0 or course_cost < 0:
        raise ClaimRuleBroken("Sessions and costs cannot be negative")
    if scheme.career_fund is None or not scheme.funding_opens_on or not scheme.funding_closes_on:
        raise ClaimRuleBroken("This scheme is not taking funding applications")
    if not scheme.funding_opens_on <= today <= scheme.funding_closes_on:
        raise ClaimRuleBroken(
            f"Funding applications are taken from {scheme.funding_opens_on:%-d %B %Y} "
            f"to {scheme.funding_closes_on:%-d %B %Y}"
        )
    if invoice is None:
        raise ClaimRuleBroken({"invoice": "Attach the invoice or booking confirmation"})
    if problem := invoice_problem(invoice):
        raise ClaimRuleBroken({"invoice": problem})
    with transaction.atomic():
        scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)  # one draw on the fund at a time
        amount = scheme.session_rate * backfill_sessions + course_cost
        if amount <= 0:
            raise ClaimRuleBroken("Enter the backfill sessions or the course cost you are applying for")
        left = fund_left(scheme)
        if amount > left:
            raise ClaimRuleBroken(
                f"The career fund has {pounds(max(left, ZERO))} left, less than the {pounds(amount)} applied for"
            )
        now = timezone.now()
        claim = Claim.objects.create(
            scheme=scheme,
            kind=Claim.Kind.FUNDING,
            claimant=by,
            practice=practice,
            month=selectors.month_start(today),
            status=Claim.Status.SUBMITTED,
            submitted_at=now,
            declared_at=now,
        )
        try:
            with transaction.atomic():
                line = ClaimLine.objects.create(
                    claim=claim,
                    scheme=scheme,
                    kind=LineKind.CAREER_NEED_FUNDING,
                    status=LineStatus.SUBMITTED,
                    date=today,
                    quantity=backfill_sessions,
                    rate=scheme.session_rate,
                    extra_cost=course_cost,
                    amount=amount,
                    conversation=conversation,
                    career_need=career_need,
                    description=description.strip()[:300],
                    invoice=invoice,
                )
        except IntegrityError:
            raise ClaimRuleBroken("You have applied for funding after this conversation already") from None
        audit(actor=by, action="funding.apply", target=claim, scheme=scheme, line=line.pk, amount=str(amount))
    return claim


# Payment batches


def batch_create(*, scheme, by, month=None):
    """Gather the scheme's approved lines not yet in a batch. One batch at a time per scheme (a lock on
    the scheme), so two people creating batches at once never include a line twice. Lines of mentors
    whose eligibility has lapsed are left out; the second value says whose and why."""
    if not has_permission(by, Permission.CLAIM_BATCH, scheme=scheme):
        raise ClaimRuleBroken("Only the scheme's staff can create payment batches")
    month = selectors.month_start(month or timezone.localdate())
    with transaction.atomic():
        Scheme.objects.select_for_update().get(pk=scheme.pk)
        approved = list(
            ClaimLine.objects.filter(scheme=scheme, status=LineStatus.APPROVED, batch__isnull=True).select_related(
                "mentor__user", "claim"
            )
        )
        held, included = {}, []
        verdicts = {}
        for line in approved:
            mentor = line.mentor
            if mentor and line.kind != LineKind.REVERSAL:
                if mentor.pk not in verdicts:
                    verdicts[mentor.pk] = mentor_may_claim(mentor)
                if not verdicts[mentor.pk]:
                    held.setdefault(line.claim.reference, "the mentor's eligibility has lapsed or is not verified")
                    continue
            included.append(line)
        if not included:
            raise ClaimRuleBroken(
                "There are no approved lines to pay"
                + (f" (held: {', '.join(sorted(held))}, until the mentors are re-verified)" if held else "")
            )
        batch = PaymentBatch.objects.create(scheme=scheme, month=month, created_by=by)
        count = ClaimLine.objects.filter(
            pk__in=[line.pk for line in included], status=LineStatus.APPROVED, batch__isnull=True
        ).update(batch=batch)
        batch.total = batch.lines.aggregate(total=Sum("amount"))["total"] or ZERO
        batch.save(update_fields=["total"])
        audit(
            actor=by,
            action="payment_batch.create",
            target=batch,
            scheme=scheme,
            lines=count,
            total=str(batch.total),
            held=sorted(held),
        )
    return batch, held


def batch_export(*, batch, by, format):
    """The batch as CSV or XLSX for the ICB's payment function. The first export freezes it: from then
    on its lines and total never change, and every download is the same file."""
    from claims import exports

    if not has_permission(by, Permission.CLAIM_BATCH, scheme=batch.scheme):
        raise ClaimRuleBroken("Only the scheme's staff can export payment batches")
    with transaction.atomic():
        batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status == PaymentBatch.Status.OPEN:
            batch.status = transitions.batch_target(batch, "export")
            batch.exported_at, batch.exported_by = timezone.now(), by
            batch.save(update_fields=["status", "exported_at", "exported_by"])
        audit(actor=by, action="payment_batch.export", target=batch, scheme=batch.scheme, format=format)
        rows = list(selectors.batch_rows(batch))
    return exports.render(batch, rows, format=format)


def batch_mark_paid(*, batch, by, paid_on):
    if not has_permission(by, Permission.CLAIM_BATCH, scheme=batch.scheme):
        raise ClaimRuleBroken("Only the scheme's staff can mark payment batches paid")
    if paid_on > timezone.localdate():
        raise ClaimRuleBroken({"paid_on": "The payment date must be today or in the past"})
    with transaction.atomic():
        batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
        batch.status = transitions.batch_target(batch, "pay")
        batch.paid_on = paid_on
        batch.save(update_fields=["status", "paid_on"])
        for line in batch.lines.select_for_update():
            line.status = transitions.line_target(line, "pay")
            line.paid_on = paid_on
            line.save(update_fields=["status", "paid_on"])
        for claim in Claim.objects.filter(lines__batch=batch).distinct():
            _settle_status(claim)
        audit(actor=by, action="payment_batch.pay", target=batch, scheme=batch.scheme, paid_on=paid_on.isoformat())
    return batch


def line_reverse(*, line, by, reason):
    """Correct a paid line without editing history: a reversing line of the opposite amount, approved,
    for the next batch. A line is reversed at most once (the database holds that too)."""
    if not has_permission(by, Permission.CLAIM_BATCH, scheme=line.scheme):
        raise ClaimRuleBroken("Only the scheme's staff can reverse a paid line")
    if not reason.strip():
        raise ClaimRuleBroken({"reason": "Give the reason for the reversal"})
    with transaction.atomic():
        line = ClaimLine.objects.select_for_update().get(pk=line.pk)
        if line.status != LineStatus.PAID or line.kind == LineKind.REVERSAL:
            raise ClaimRuleBroken("Only a paid line can be reversed")
        try:
            with transaction.atomic():
                reversal = ClaimLine.objects.create(
                    claim_id=line.claim_id,
                    scheme_id=line.scheme_id,
                    mentor_id=line.mentor_id,
                    kind=LineKind.REVERSAL,
                    status=LineStatus.APPROVED,
                    date=line.date,
                    quantity=line.quantity,
                    rate=line.rate,
                    extra_cost=line.extra_cost,
                    amount=-line.amount,
                    reverses=line,
                    decided_by=by,
                    decided_at=timezone.now(),
                    decision_reason=reason.strip(),
                )
        except IntegrityError:
            raise ClaimRuleBroken("This line has been reversed already") from None
        audit(actor=by, action="claim_line.reverse", target=reversal, scheme=line.scheme, reverses=line.pk)
    return reversal


# Budget and plans


# A spend profile's month holds up to 10 digits, 2 of them pence.
MONTHLY_AMOUNT_LIMIT = Decimal("100000000")


def monthly_amount_problem(amount):
    """Why this is not a monthly amount in pounds and pence, or None. Nothing is rounded on the way in."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        return "Each amount must be in pounds and pence, like 24000.00"
    if amount != amount.quantize(PENNY):
        return f"{amount} has more than two decimal places: give pounds and pence, like 24000.00"
    if amount < 0:
        return "Monthly amounts cannot be negative"
    if amount >= MONTHLY_AMOUNT_LIMIT:
        return "Each amount must be under £100,000,000"
    return None


def spend_profile_set(*, scheme_year, amounts, by):
    """Replace a scheme year's monthly spend profile with twelve amounts, April first."""
    if len(amounts) != 12:
        raise ClaimRuleBroken("A spend profile has twelve monthly amounts, April to March")
    for amount in amounts:
        if problem := monthly_amount_problem(amount):
            raise ClaimRuleBroken(problem)
    amounts = [amount.quantize(PENNY) for amount in amounts]
    with transaction.atomic():
        SpendProfile.objects.filter(scheme_year=scheme_year).delete()
        SpendProfile.objects.bulk_create(
            SpendProfile(scheme_year=scheme_year, month=month, amount=amount)
            for month, amount in enumerate(amounts, start=1)
        )
        audit(
            actor=by,
            action="spend_profile.set",
            target=scheme_year,
            scheme=scheme_year.scheme,
            total=str(sum(amounts, ZERO)),
        )
    return amounts


def mentoring_plan_record(*, mentor, by, note="", recorded_on=None):
    with transaction.atomic():
        plan, created = MentoringPlan.objects.update_or_create(
            mentor=mentor,
            defaults={"recorded_by": by, "note": note, "recorded_on": recorded_on or timezone.localdate()},
        )
        audit(actor=by, action="mentoring_plan.record", target=plan, scheme=mentor.scheme, created=created)
    return plan


# History from before the move onto the service


def claim_history_record(*, scheme, lines, by):
    """Record lines approved or paid before the scheme moved onto the service (claims.imports checked
    them): a mentor's lines on one imported claim per month, each funding line on its own. They carry
    no evidence logged on the service (a training line links the day's recorded training session, if
    there is one) and the hub's reference; the database's one-live-line rules hold them as any other."""
    with transaction.atomic():
        claims, created = {}, []
        for row in lines:
            month = selectors.month_start(row.date)
            if row.mentor is not None:
                key = (row.mentor.pk, month)
                if key not in claims:
                    claims[key] = Claim.objects.create(
                        scheme=scheme,
                        kind=Claim.Kind.MONTH,
                        claimant=row.mentor.user,
                        mentor=row.mentor,
                        month=month,
                        status=Claim.Status.APPROVED,
                        imported=True,
                    )
                claim = claims[key]
            else:
                claim = Claim.objects.create(
                    scheme=scheme,
                    kind=Claim.Kind.FUNDING,
                    claimant=None,
                    practice=row.practice,
                    month=month,
                    status=Claim.Status.APPROVED,
                    imported=True,
                )
            line = ClaimLine.objects.create(
                claim=claim,
                scheme=scheme,
                mentor=row.mentor,
                kind=row.kind,
                status=row.status,
                date=row.date,
                rate=row.amount,
                amount=row.amount,
                week_start=row.week_start,
                week_slot=1 if row.week_start else None,
                training_session=row.training_session,
                paid_on=row.paid_on,
                imported=True,
                reference=row.reference,
            )
            created.append(line)
            audit(actor=by, action="claim_line.import", target=line, scheme=scheme, claim=claim.pk, kind=line.kind)
        for claim in {line.claim_id: line.claim for line in created}.values():
            _settle_status(claim)
    return created
