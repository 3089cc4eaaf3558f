from django import template
from django.db.models import Count, Q

from accounts.permissions import Permission
from mentoring.admin.mentorships import answer_days_label
from mentoring.models import Mentor, Mentorship
from mentoring.selectors import (
    answer_overdue,
    at_risk_q,
    said_not_a_fit,
    with_answer_due,
    with_attention_flags,
    with_staff_summary,
)
from schemes.permissions import schemes_with_permission

register = template.Library()


@register.inclusion_tag("admin/mentoring/attention.html", takes_context=True)
def mentors_needing_attention(context):
    """The staff dashboard's counts: applications to review, lapsed checks, overdue training; proposals
    a mentor has not answered in time, and mentees' own choices of mentor to confirm; mentorships at risk,
    over their hours allowance, or where someone said "not a fit"."""
    schemes = schemes_with_permission(context["request"].user, Permission.MENTOR_MANAGE)
    counts = with_attention_flags(Mentor.objects.filter(scheme__in=schemes)).aggregate(
        applied=Count("pk", filter=Q(status=Mentor.Status.APPLIED)),
        lapsed=Count("pk", filter=Q(verification_lapsed=True)),
        overdue=Count("pk", filter=Q(training_overdue=True)),
        biographies=Count("pk", filter=Q(bio_awaiting_review=True)),
    )
    matching_schemes = schemes_with_permission(context["request"].user, Permission.MENTEE_MANAGE)
    mentorships = with_staff_summary(with_answer_due(Mentorship.objects.filter(scheme__in=matching_schemes)))
    mentorship_counts = mentorships.aggregate(
        unanswered=Count("pk", filter=answer_overdue()),
        to_confirm=Count("pk", filter=Q(status=Mentorship.Status.REQUESTED)),
        at_risk=Count("pk", filter=at_risk_q()),
        over_allowance=Count("pk", filter=at_risk_q("over_allowance")),
        not_a_fit=Count("pk", filter=said_not_a_fit() & Q(status__in=Mentorship.OPEN)),
    )
    return {
        "counts": counts,
        "shown": schemes.exists(),
        "mentorship_counts": mentorship_counts,
        "mentorships_shown": matching_schemes.exists(),
        "answer_days": answer_days_label(matching_schemes.values("pk")),
    }
