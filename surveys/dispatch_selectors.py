"""Reads about automated emails that the admin, the digest and the command share."""

from django.db.models import Count, Q

from surveys.dispatch_models import SurveyDispatch

D = SurveyDispatch

STATUS_Q = {
    "due": Q(queued_at__isnull=True, skipped_at__isnull=True, failed_at__isnull=True),
    "queued": Q(queued_at__isnull=False, sent_at__isnull=True, failed_at__isnull=True, answered_at__isnull=True),
    "sent": Q(sent_at__isnull=False, answered_at__isnull=True),
    "answered": Q(answered_at__isnull=False, skipped_at__isnull=True),
    "failed": Q(failed_at__isnull=False),
    "skipped": Q(skipped_at__isnull=False),
}


def dispatch_summary(scheme_ids):
    """Per scheme: surveys due, sent, answered and failed, and the follow-up survey's response rate (answered
    through the link out of those delivered), in one query."""
    rows = (
        D.objects.filter(scheme_id__in=scheme_ids)
        .values("scheme_id", "scheme__name")
        .annotate(
            due=Count("pk", filter=STATUS_Q["due"]),
            sent=Count("pk", filter=Q(sent_at__isnull=False)),
            answered=Count("pk", filter=STATUS_Q["answered"]),
            failed=Count("pk", filter=STATUS_Q["failed"]),
            follow_up_sent=Count("pk", filter=Q(kind=D.Kind.FOLLOW_UP, sent_at__isnull=False)),
            follow_up_answered=Count(
                "pk", filter=Q(kind=D.Kind.FOLLOW_UP, sent_at__isnull=False, answered_at__isnull=False)
            ),
        )
        .order_by("scheme__name")
    )
    summary = []
    for row in rows:
        sent = row["follow_up_sent"]
        row["response_rate"] = round(100 * row["follow_up_answered"] / sent) if sent else None
        summary.append(row)
    return summary
