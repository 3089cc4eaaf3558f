from django import template
from django.db.models import Count, Q

from accounts.permissions import Permission, schemes_with_permission
from mentoring.models import Mentor
from mentoring.selectors import with_attention_flags

register = template.Library()


@register.inclusion_tag("admin/mentoring/attention.html", takes_context=True)
def mentors_needing_attention(context):
    """The staff dashboard's counts: applications to review, lapsed checks, overdue training."""
    schemes = schemes_with_permission(context["request"].user, Permission.MENTOR_MANAGE)
    counts = with_attention_flags(Mentor.objects.filter(scheme__in=schemes)).aggregate(
        applied=Count("pk", filter=Q(status=Mentor.Status.APPLIED)),
        lapsed=Count("pk", filter=Q(verification_lapsed=True)),
        overdue=Count("pk", filter=Q(training_overdue=True)),
    )
    return {"counts": counts, "shown": schemes.exists()}
