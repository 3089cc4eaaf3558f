"""The weekly digest to each member of a scheme's staff: counts of what needs them, each with a link to the
admin filter that lists it. Counts only, never names: the admin shows the people to those allowed to see them."""

import datetime
from urllib.parse import urlencode

from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import Role
from accounts.services import audit, email_queue
from mentoring import selectors as mentoring_selectors
from mentoring.models import Mentor, Mentorship
from schemes.models import SchemeMembership
from surveys.dispatch_emails import fill, templates_for, wording
from surveys.dispatch_models import EmailKind, StaffDigest, SurveyDispatch
from surveys.links import absolute


def _admin(name, **filters):
    return absolute(reverse(f"admin:{name}_changelist") + ("?" + urlencode(filters) if filters else ""))


def _at_risk_counts(scheme, now):
    """{rule: count} of the scheme's mentorships at risk, by the mentoring rules."""
    today = timezone.localdate(now)
    mentorships = mentoring_selectors.with_staff_summary(Mentorship.objects.filter(scheme=scheme))
    unanswered = Mentorship.objects.filter(scheme=scheme, status=Mentorship.Status.PROPOSED)
    if connection.vendor == "postgresql":
        rules = mentoring_selectors.at_risk_rules(today=today)
        counts = {
            rule: mentorships.filter(rules[rule]).count() for rule in ("fellow_quiet", "quiet", "no_first_meeting")
        }
        due = mentoring_selectors.with_answer_due(unanswered).filter(mentoring_selectors.answer_overdue(now=now))
        counts["unanswered"] = due.count()
        return counts
    # SQLite (the demo) cannot multiply a duration in SQL: the same rules, read row by row.
    open_ones = mentorships.filter(status__in=[Mentorship.Status.ACCEPTED, Mentorship.Status.ACTIVE])
    reasons = [
        mentoring_selectors.at_risk_reasons(m, today=today) for m in open_ones.select_related("mentee", "scheme")
    ]
    return {
        "fellow_quiet": sum(any(r.startswith("GP fellow") for r in each) for each in reasons),
        "quiet": sum(any(r.startswith("No session for") for r in each) for each in reasons),
        "no_first_meeting": sum(any(r.startswith("No first meeting") for r in each) for each in reasons),
        "unanswered": sum(
            proposal.proposed_at + datetime.timedelta(days=scheme.proposal_response_days) < now
            for proposal in unanswered
        ),
    }


def digest_counts(scheme, *, now=None):
    """[(what, count, admin link)] for one scheme."""
    now = now or timezone.now()
    at_risk = _at_risk_counts(scheme, now)
    mentors = mentoring_selectors.with_attention_flags(Mentor.objects.filter(scheme=scheme), on=timezone.localdate(now))
    mentorship_admin = "mentoring_mentorship"
    return [
        (
            "GP fellows with no session for the scheme's interval",
            at_risk["fellow_quiet"],
            _admin(mentorship_admin, at_risk="fellow_quiet"),
        ),
        ("Mentorships with no session for 8 weeks", at_risk["quiet"], _admin(mentorship_admin, at_risk="quiet")),
        (
            "Mentorships with no first meeting within 21 days",
            at_risk["no_first_meeting"],
            _admin(mentorship_admin, at_risk="no_first_meeting"),
        ),
        (
            "Proposals the mentor has not answered in time",
            at_risk["unanswered"],
            _admin(mentorship_admin, attention="unanswered"),
        ),
        (
            "Mentors overdue on training",
            mentors.filter(training_overdue=True).count(),
            _admin("mentoring_mentor", attention="overdue"),
        ),
        (
            "Survey emails that failed",
            SurveyDispatch.objects.filter(scheme=scheme, failed_at__isnull=False).count(),
            _admin("surveys_surveydispatch", status="failed"),
        ),
    ]


def staff_digests_send(*, now=None):
    """Once a week per member of staff per scheme (the unique row holds it), from the first sweep of the week."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    week_starting = today - datetime.timedelta(days=today.weekday())
    done = set(StaffDigest.objects.filter(week_starting=week_starting).values_list("scheme_id", "user_id"))
    memberships = [
        membership
        for membership in SchemeMembership.objects.filter(role=Role.STAFF, user__is_active=True).select_related(
            "scheme", "user"
        )
        if (membership.scheme_id, membership.user_id) not in done
    ]
    templates = templates_for({m.scheme_id for m in memberships})
    counts_of, sent = {}, []
    for membership in memberships:
        template = templates.get((membership.scheme_id, EmailKind.STAFF_DIGEST))
        subject, body, enabled = wording(template, EmailKind.STAFF_DIGEST)
        if not enabled:
            continue
        if membership.scheme_id not in counts_of:
            counts_of[membership.scheme_id] = digest_counts(membership.scheme, now=now)
        summary = "\n".join(f"- {what}: {count}\n  {link}" for what, count, link in counts_of[membership.scheme_id])
        values = {
            "first_name": membership.user.first_name or "colleague",
            "scheme": membership.scheme.name,
            "link": absolute(reverse("admin:index")),
            "summary": summary,
        }
        try:
            with transaction.atomic():
                digest = StaffDigest.objects.create(
                    scheme=membership.scheme, user=membership.user, week_starting=week_starting, queued_at=now
                )
                digest.email = email_queue(
                    to=membership.user.email,
                    subject=fill(subject, values),
                    body_text=fill(body, values),
                    kind=EmailKind.STAFF_DIGEST,
                )
                digest.save(update_fields=["email"])
                audit(actor=None, action="digest.queue", target=digest, scheme=membership.scheme)
        except IntegrityError:
            continue  # another sweep sent this week's digest first
        sent.append(digest.pk)
    return sent
