"""The sweep that sends every automated email once: dispatch rows are made from the source data (a
completed mentorship whose follow-up is due, a held final review, a mentee who has not answered the stress
questionnaire, a proposal left unanswered), then claimed in short transactions, checked again, and written
to the mail outbox in the same transaction that stamps them. The outbox delivers; what it gives up on
marks the row failed with the reason.

The unique constraints on SurveyDispatch hold "once" whatever runs at the same time: two sweeps insert the
same rows with ignore_conflicts, and claim them with SKIP LOCKED (on SQLite, which has no row locks, by a
conditional update instead)."""

import datetime
import logging
import math
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.services import audit, email_queue_many
from mentoring.models import Mentee, MentoringSession, Mentorship
from surveys.dispatch_emails import fill, templates_for, wording
from surveys.dispatch_models import EmailKind, SurveyDispatch
from surveys.links import absolute, link_for, link_max_age
from surveys.models import Response

logger = logging.getLogger(__name__)

D = SurveyDispatch
REMINDER_AFTER = timedelta(days=14)
STRESS_REMINDER_AFTER = timedelta(days=7)
PROPOSAL_REMINDER_DAYS_LEFT = 2  # remind on day 5 of the scheme's 7
# The questionnaire whose completed answer means a reminder is no longer needed.
ANSWERED_BY = {D.Kind.FOLLOW_UP: "follow_up", D.Kind.FINAL_REVIEW: "final_review", D.Kind.STRESS_REMINDER: "pss10"}


class DispatchRuleBroken(Exception):
    pass


@dataclass
class SweepResult:
    created: int = 0
    sent: list = field(default_factory=list)  # (dispatch id, kind)
    reminded: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (dispatch id, kind, reason)
    would_send: list = field(default_factory=list)  # dry run: (kind, dispatch id or "new")


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _completed_answer(code):
    return Exists(
        Response.objects.filter(
            mentee=OuterRef("mentee_id"), code=code, voided_at__isnull=True, completed_at__isnull=False
        )
    )


def _no_row(kind, *, by):
    return ~Exists(D.objects.filter(kind=kind, **{by: OuterRef("pk")}))


def _candidates(now):
    """The dispatch rows the source data calls for that do not exist yet (as unsaved rows)."""
    today = timezone.localdate(now)
    oldest = today - link_max_age()  # a link older than that would be dead on arrival
    rows = []
    follow_ups = (
        Mentorship.objects.filter(
            status=Mentorship.Status.COMPLETED, follow_up_due_on__lte=today, follow_up_due_on__gt=oldest
        )
        .filter(_no_row(D.Kind.FOLLOW_UP, by="mentorship"))
        .values_list("pk", "scheme_id", "mentee_id", "follow_up_due_on")
    )
    rows += [
        D(kind=D.Kind.FOLLOW_UP, mentorship_id=pk, scheme_id=scheme, mentee_id=mentee, due_at=_start_of(due))
        for pk, scheme, mentee, due in follow_ups
    ]
    final_held = MentoringSession.objects.filter(
        mentorship=OuterRef("pk"), kind=MentoringSession.Kind.FINAL, attendance=MentoringSession.Attendance.HELD
    )
    final_reviews = (
        Mentorship.objects.filter(status=Mentorship.Status.COMPLETED, ended_on__lte=today, ended_on__gt=oldest)
        .filter(Exists(final_held), _no_row(D.Kind.FINAL_REVIEW, by="mentorship"))
        .values_list("pk", "scheme_id", "mentee_id", "ended_on")
    )
    rows += [
        D(kind=D.Kind.FINAL_REVIEW, mentorship_id=pk, scheme_id=scheme, mentee_id=mentee, due_at=_start_of(ended))
        for pk, scheme, mentee, ended in final_reviews
    ]
    unanswered = (
        Mentee.objects.filter(
            status__in=Mentee.OPEN,
            registered_at__lte=now - STRESS_REMINDER_AFTER,
            registered_at__gt=now - link_max_age(),
        )
        .exclude(Exists(Response.objects.filter(mentee=OuterRef("pk"), code="pss10", completed_at__isnull=False)))
        .filter(_no_row(D.Kind.STRESS_REMINDER, by="mentee"))
        .values_list("pk", "scheme_id", "registered_at")
    )
    rows += [
        D(kind=D.Kind.STRESS_REMINDER, mentee_id=pk, scheme_id=scheme, due_at=registered + STRESS_REMINDER_AFTER)
        for pk, scheme, registered in unanswered
    ]
    proposals = (
        Mentorship.objects.filter(status=Mentorship.Status.PROPOSED, proposed_at__gt=now - link_max_age())
        .filter(_no_row(D.Kind.PROPOSAL_REMINDER, by="mentorship"))
        .values_list("pk", "scheme_id", "mentee_id", "proposed_at", "scheme__proposal_response_days")
    )
    for pk, scheme, mentee, proposed_at, days in proposals:
        due = proposed_at + timedelta(days=max(1, days - PROPOSAL_REMINDER_DAYS_LEFT))
        if due <= now:
            rows.append(
                D(kind=D.Kind.PROPOSAL_REMINDER, mentorship_id=pk, scheme_id=scheme, mentee_id=mentee, due_at=due)
            )
    return rows


def dispatch_rows_create(*, now=None):
    """Make the rows that are due; rows another sweep made first are left as they are."""
    now = now or timezone.now()
    rows = _candidates(now)
    if rows:
        D.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return len(rows)


def _lockable(queryset):
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True, of=("self",))
    return queryset  # SQLite: the conditional update in _claim decides who has a row


def _claim(rows, column, now):
    """Keep the rows this sweep may stamp; on SQLite another sweep may have stamped one first."""
    if connection.features.has_select_for_update_skip_locked:
        return rows
    return [row for row in rows if D.objects.filter(pk=row.pk, **{f"{column}__isnull": True}).update(**{column: now})]


def _why_not(row, *, enabled, answered):
    """Why the row should no longer go, or ""."""
    mentee, mentorship = row.mentee, row.mentorship
    if not enabled:
        return "switched off by the scheme"
    if not mentee.user.is_active:
        return "mentee account closed"
    if row.kind in (D.Kind.FOLLOW_UP, D.Kind.FINAL_REVIEW):
        if mentorship.status != Mentorship.Status.COMPLETED:
            return "mentorship no longer completed"
        if mentee.status == Mentee.Status.WITHDRAWN:
            return "mentee withdrawn"
    if row.kind == D.Kind.STRESS_REMINDER and mentee.status not in Mentee.OPEN:
        return "mentee no longer waiting or matched"
    if row.kind == D.Kind.PROPOSAL_REMINDER:
        if mentorship.status != Mentorship.Status.PROPOSED:
            return "proposal answered or withdrawn"
        if not mentorship.mentor.user.is_active:
            return "mentor account closed"
    if answered:
        return "answered"
    return ""


def _recipient(row):
    if row.kind == D.Kind.PROPOSAL_REMINDER:
        return row.mentorship.mentor.user
    return row.mentee.user


def _link(row):
    if row.kind in D.QUESTIONNAIRE_OF:
        return link_for(row.pk)
    if row.kind == D.Kind.STRESS_REMINDER:
        return absolute(reverse("surveys:before_mentoring", args=[row.mentee_id]))
    return absolute(reverse("mentoring:proposal", args=[row.mentorship_id]))


def _values(row, now):
    person = _recipient(row)
    values = {
        "first_name": person.first_name or "colleague",
        "scheme": row.scheme.name,
        "link": _link(row),
        "expires_on": f"{timezone.localtime(now + link_max_age()):%-d %B %Y}",
    }
    if row.kind == D.Kind.PROPOSAL_REMINDER:
        answer_due = row.mentorship.proposed_at + timedelta(days=row.scheme.proposal_response_days)
        values["days_left"] = max(0, math.ceil((answer_due - now).total_seconds() / 86400))
    return person, values


def _email(row, kind, template, now):
    """The email for the row, as email_queue_many takes it."""
    person, values = _values(row, now)
    subject, body, _ = wording(template, kind)
    return {"to": person.email, "subject": fill(subject, values), "body_text": fill(body, values), "kind": kind}


def _answered_mentees(rows):
    """{(mentee id, questionnaire code)} answered, for the rows' mentees, in one query."""
    codes = {ANSWERED_BY[row.kind] for row in rows if row.kind in ANSWERED_BY}
    if not codes:
        return set()
    return set(
        Response.objects.filter(
            mentee_id__in={row.mentee_id for row in rows},
            code__in=codes,
            voided_at__isnull=True,
            completed_at__isnull=False,
        ).values_list("mentee_id", "code")
    )


def _is_answered(row, answered):
    return row.kind in ANSWERED_BY and (row.mentee_id, ANSWERED_BY[row.kind]) in answered


def _audits(rows, action, **detail):
    return [
        AuditEvent(
            action=f"dispatch.{action}",
            target_type="surveys.surveydispatch",
            target_id=str(row.pk),
            scheme_id=row.scheme_id,
            detail={"kind": row.kind, **detail},
        )
        for row in rows
    ]


_RELATED = ("scheme", "mentee__user", "mentorship__mentor__user")


def _stamp_queued(rows, now):
    """Record each row's outbox email and the time, in one statement on PostgreSQL (bulk_update's CASE per row
    costs more than the rest of the batch); row by row elsewhere."""
    if connection.vendor != "postgresql":
        D.objects.bulk_update(rows, ["email", "queued_at", "attempts"])
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {D._meta.db_table} AS d SET email_id = v.email_id, queued_at = %s, attempts = d.attempts + 1 "  # noqa: S608 - our table name
            "FROM unnest(%s::bigint[], %s::bigint[]) AS v(id, email_id) WHERE d.id = v.id",
            [now, [row.pk for row in rows], [row.email.pk for row in rows]],
        )


def _send_batch(now, result, *, only=None):
    """Claim up to BATCH due rows, check each again, queue its email; one short transaction. Returns how many
    rows it took."""
    with transaction.atomic():
        due = D.objects.filter(queued_at__isnull=True, skipped_at__isnull=True, failed_at__isnull=True, due_at__lte=now)
        if only is not None:
            due = due.filter(pk__in=only)
        rows = list(_lockable(due).select_related(*_RELATED).order_by("due_at", "pk")[: settings.SURVEY_SWEEP_BATCH])
        rows = _claim(rows, "queued_at", now)
        if not rows:
            return 0
        templates = templates_for({row.scheme_id for row in rows})
        answered = _answered_mentees(rows)
        sent, skipped, events = [], [], []
        for row in rows:
            template = templates.get((row.scheme_id, row.kind))
            enabled = wording(template, row.kind)[2]
            reason = _why_not(row, enabled=enabled, answered=_is_answered(row, answered))
            if reason:
                row.queued_at, row.skipped_at, row.skip_reason = None, now, reason
                if reason == "answered":
                    row.answered_at = now
                skipped.append(row)
                result.skipped.append((row.pk, row.kind, reason))
                continue
            row.queued_at, row.attempts = now, row.attempts + 1
            sent.append((row, _email(row, row.kind, template, now)))
            result.sent.append((row.pk, row.kind))
        if sent:
            emails = email_queue_many([email for _, email in sent])
            sent = [row for row, _ in sent]
            for row, email in zip(sent, emails, strict=True):
                row.email = email
            _stamp_queued(sent, now)
            events += _audits(sent, "queue")
        if skipped:
            D.objects.bulk_update(skipped, ["queued_at", "skipped_at", "skip_reason", "answered_at"])
            events += [event for row in skipped for event in _audits([row], "skip", reason=row.skip_reason)]
        AuditEvent.objects.bulk_create(events)
    return len(rows)


def _remind_batch(now, result):
    """The follow-up reminder: once, 14 days after the survey was delivered, unless it has been answered."""
    with transaction.atomic():
        due = D.objects.filter(
            kind=D.Kind.FOLLOW_UP,
            sent_at__lte=now - REMINDER_AFTER,
            reminded_at__isnull=True,
            answered_at__isnull=True,
            skipped_at__isnull=True,
            failed_at__isnull=True,
        )
        rows = list(_lockable(due).select_related(*_RELATED).order_by("sent_at", "pk")[: settings.SURVEY_SWEEP_BATCH])
        rows = _claim(rows, "reminded_at", now)
        if not rows:
            return 0
        templates = templates_for({row.scheme_id for row in rows})
        answered = _answered_mentees(rows)
        reminded, settled = [], []
        for row in rows:
            template = templates.get((row.scheme_id, EmailKind.FOLLOW_UP_REMINDER))
            enabled = wording(template, EmailKind.FOLLOW_UP_REMINDER)[2]
            reason = _why_not(row, enabled=enabled, answered=_is_answered(row, answered))
            row.reminded_at = now  # asked once, whatever happens now: never a second reminder
            if reason == "answered":
                row.answered_at = now
            if reason:
                settled.append(row)
                result.skipped.append((row.pk, EmailKind.FOLLOW_UP_REMINDER, reason))
                continue
            reminded.append((row, _email(row, EmailKind.FOLLOW_UP_REMINDER, template, now)))
            result.reminded.append((row.pk, row.kind))
        emails = email_queue_many([email for _, email in reminded])
        reminded = [row for row, _ in reminded]
        for row, email in zip(reminded, emails, strict=True):
            row.reminder_email = email
        D.objects.bulk_update([*reminded, *settled], ["reminded_at", "answered_at", "reminder_email"])
        AuditEvent.objects.bulk_create(_audits(reminded, "remind"))
    return len(rows)


def _mark_answered_elsewhere(now):
    """A survey sent by email but answered in the portal counts as answered (and needs no reminder)."""
    for kind, code in D.QUESTIONNAIRE_OF.items():
        unanswered = D.objects.filter(kind=kind, queued_at__isnull=False, answered_at__isnull=True)
        unanswered.filter(_completed_answer(code)).update(answered_at=now)


def dispatch_sweep(*, now=None, dry_run=False):
    """Send everything due once. Safe to run at the same time as another sweep; each batch commits on its
    own, so a worker killed part way loses nothing that the next sweep will not send."""
    now = now or timezone.now()
    result = SweepResult()
    if dry_run:
        result.would_send = [(row.kind, "new") for row in _candidates(now)]
        due = D.objects.filter(queued_at__isnull=True, skipped_at__isnull=True, failed_at__isnull=True, due_at__lte=now)
        result.would_send += list(due.values_list("kind", "pk"))
        reminders = D.objects.filter(
            kind=D.Kind.FOLLOW_UP,
            sent_at__lte=now - REMINDER_AFTER,
            reminded_at__isnull=True,
            answered_at__isnull=True,
            skipped_at__isnull=True,
            failed_at__isnull=True,
        )
        result.would_send += [(EmailKind.FOLLOW_UP_REMINDER, pk) for pk in reminders.values_list("pk", flat=True)]
        return result
    result.created = dispatch_rows_create(now=now)
    _mark_answered_elsewhere(now)
    while _send_batch(now, result):
        pass
    while _remind_batch(now, result):
        pass
    return result


def dispatch_resend(*, dispatch, by):
    """Staff send a failed email again: the row goes back to due and is sent now, once."""
    result = SweepResult()
    with transaction.atomic():
        row = D.objects.select_for_update().get(pk=dispatch.pk)
        if row.failed_at is None:
            raise DispatchRuleBroken("Only an email that failed can be sent again")
        row.failed_at, row.failure_reason, row.queued_at, row.email = None, "", None, None
        row.save(update_fields=["failed_at", "failure_reason", "queued_at", "email"])
        audit(actor=by, action="dispatch.resend", target=row, scheme=row.scheme, kind=row.kind)
        _send_batch(timezone.now(), result, only=[row.pk])
    return result


def dispatch_answered(*, dispatch):
    """The mentee answered through the link: no reminder, and the link is used up. Call inside the
    transaction that saves the answers."""
    updated = D.objects.filter(pk=dispatch.pk, answered_at__isnull=True).update(answered_at=timezone.now())
    if updated:
        audit(actor=None, action="dispatch.answered", target=dispatch, scheme=dispatch.scheme, kind=dispatch.kind)
    return bool(updated)


# What became of the email: the outbox tells us inside its own transaction (accounts.services signals).


def on_email_delivered(sender, *, email_ids, **kwargs):
    rows = list(
        D.objects.filter(email_id__in=email_ids, sent_at__isnull=True, failed_at__isnull=True).only(
            "pk", "scheme_id", "kind"
        )
    )
    if rows:
        D.objects.filter(pk__in=[row.pk for row in rows]).update(sent_at=timezone.now())
        AuditEvent.objects.bulk_create(_audits(rows, "sent"))


def on_email_given_up(sender, *, email_id, reason, **kwargs):
    rows = list(D.objects.filter(email_id=email_id, sent_at__isnull=True, failed_at__isnull=True))
    if rows:
        D.objects.filter(pk__in=[row.pk for row in rows]).update(failed_at=timezone.now(), failure_reason=reason)
        AuditEvent.objects.bulk_create(_audits(rows, "fail", reason=reason))
        logger.error("survey emails %s failed: %s", [row.pk for row in rows], reason)
