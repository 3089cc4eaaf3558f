"""Reads that the report views, tasks and commands share: which schemes and reports a person may see."""

from accounts.permissions import Permission
from reporting.models import GeneratedReport
from schemes.models import Scheme
from schemes.permissions import schemes_with_permission


def report_schemes_for(user):
    return schemes_with_permission(user, Permission.REPORT_VIEW)


def may_see_unsuppressed(user, schemes):
    """Exact figures are for the staff of every scheme in the report."""
    allowed = schemes_with_permission(user, Permission.REPORT_UNSUPPRESSED).values("pk")
    return not Scheme.objects.filter(pk__in=[scheme.pk for scheme in schemes]).exclude(pk__in=allowed).exists()


def reports_for(user):
    """Reports of which the user holds every scheme; exact (unsuppressed) ones only for staff."""
    allowed = report_schemes_for(user)
    reports = GeneratedReport.objects.exclude(schemes__in=Scheme.objects.exclude(pk__in=allowed.values("pk")))
    exact_allowed = schemes_with_permission(user, Permission.REPORT_UNSUPPRESSED)
    reports = reports.exclude(unsuppressed=True, schemes__in=Scheme.objects.exclude(pk__in=exact_allowed.values("pk")))
    return reports.defer("pdf", "xlsx", "tables", "charts")
