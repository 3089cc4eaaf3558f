from django import template

from accounts.permissions import Permission
from schemes.permissions import schemes_with_permission
from surveys.dispatch_models import SurveyDispatch

register = template.Library()


@register.inclusion_tag("admin/surveys/attention.html", takes_context=True)
def survey_emails_needing_attention(context):
    """The staff dashboard's count of survey emails the outbox gave up on, for the user's schemes."""
    schemes = schemes_with_permission(context["request"].user, Permission.MENTEE_MANAGE)
    failed = SurveyDispatch.objects.filter(scheme__in=schemes, failed_at__isnull=False).count()
    return {"shown": schemes.exists(), "failed": failed}
