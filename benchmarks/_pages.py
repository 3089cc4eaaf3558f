"""The main pages the benchmarks load, and the people who open them, picked from a generated dataset.

Used by benchmarks/explain.py (query plans, in-process) and benchmarks/load.py (locust against gunicorn).
Django must be set up before this module is imported.
"""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.permissions import Role, requires_mfa
from accounts.services import user_mfa_enrol
from claims.models import Claim
from mentoring.models import Mentee, Mentor, Mentorship
from reporting import periods
from schemes.models import Scheme, SchemeMembership


def choose_people():
    """The busiest mentoring scheme's mentor, staff, approver, commissioner and a mentee, and what they open."""
    scheme = (
        Scheme.objects.filter(kind=Scheme.Kind.MENTORING)
        .annotate(open=Count("mentorships", filter=Q(mentorships__status="active")))
        .order_by("-open", "pk")
        .first()
    )
    if scheme is None:
        raise SystemExit("No mentoring scheme: generate a dataset first (manage.py generate_dataset)")
    mentor = (
        Mentor.objects.filter(scheme=scheme, status=Mentor.Status.ACTIVE)
        .annotate(active=Count("mentorships", filter=Q(mentorships__status="active")))
        .order_by("-active", "pk")
        .first()
    )
    mentorship = Mentorship.objects.filter(mentor=mentor, status="active").order_by("pk").first()
    claim = Claim.objects.filter(mentor=mentor).annotate(n=Count("lines")).order_by("-month", "-n").first()
    members = {
        m.role: m.user for m in SchemeMembership.objects.filter(scheme=scheme).select_related("user").order_by("pk")
    }
    mentee = Mentee.objects.filter(scheme=scheme, status="matched").select_related("user").order_by("pk").first()
    quarter = periods.recent_quarters(timezone.localdate(), count=2)[1].label
    people = {
        "mentor": mentor.user,
        "staff": members[Role.STAFF],
        "approver": members[Role.CLAIMS_APPROVER],
        "commissioner": members[Role.COMMISSIONER],
        "mentee": mentee.user,
    }
    pages = [
        # name, method, path, who
        ("mentor home", "GET", reverse("mentoring:mentor_home"), "mentor"),
        ("session log form", "GET", reverse("mentoring:session_log", args=[mentorship.pk, "regular"]), "mentor"),
        ("session log (POST)", "POST", reverse("mentoring:session_log", args=[mentorship.pk, "regular"]), "mentor"),
        ("staff mentorship list", "GET", "/admin/mentoring/mentorship/", "staff"),
        ("approver queue", "GET", reverse("claims:approval_queue"), "approver"),
        ("claim page", "GET", reverse("claims:claim", args=[claim.pk]), "mentor"),
        ("directory", "GET", reverse("mentoring:directory", args=[scheme.slug]), "mentee"),
        (
            "commissioner report page",
            "GET",
            reverse("reporting:monitoring_return", args=[scheme.slug, quarter.replace("/", "-", 1)]),
            "commissioner",
        ),
    ]
    return scheme, people, pages


def session_loggers(scheme, mentor_user, count=100):
    """Other mentors of the scheme, each with an active mentorship, to spread the logged sessions of a
    load test over: a thousand sessions posted to one mentorship would slow every page that shows it."""
    mentorships = (
        Mentorship.objects.filter(scheme=scheme, status="active")
        .exclude(mentor__user=mentor_user)
        .select_related("mentor__user")
        .order_by("mentor_id", "pk")
        .distinct("mentor_id")[:count]
    )
    return [(m.mentor.user, reverse("mentoring:session_log", args=[m.pk, "regular"])) for m in mentorships]


def filtered_pages(scheme):
    """More of what staff and approvers open, with filters and orders: for the query-plan check only."""
    month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")
    return [
        (
            "approver queue, one month",
            f"{reverse('claims:approval_queue')}?scheme={scheme.pk}&month={month}",
            "approver",
        ),
        ("staff mentees waiting", "/admin/mentoring/mentee/?status__exact=waiting", "staff"),
        ("staff mentees by registration", "/admin/mentoring/mentee/?o=-2", "staff"),
        ("staff mentors", "/admin/mentoring/mentor/", "staff"),
        ("staff mentorships, active", "/admin/mentoring/mentorship/?status__exact=active", "staff"),
        ("staff claims", "/admin/claims/claim/", "staff"),
        ("staff claim lines", "/admin/claims/claimline/", "staff"),
        ("staff payment batches", "/admin/claims/paymentbatch/", "staff"),
        ("staff survey emails", "/admin/surveys/surveydispatch/", "staff"),
        ("staff questionnaire responses", "/admin/surveys/response/", "staff"),
        ("staff career conversations", "/admin/mentoring/careerconversation/", "staff"),
        ("commissioner's reports", reverse("reporting:reports"), "commissioner"),
    ]


def enrol(people):
    """Staff, approvers, commissioners and mentors sign in with two factors: give each an authenticator."""
    for user in people.values():
        if requires_mfa(user):
            user_mfa_enrol(user=user)


def session_form(today=None):
    """What a mentor posts to log a regular session held yesterday."""
    day = (today or timezone.localdate()) - datetime.timedelta(days=1)
    return {
        "held_on_day": str(day.day),
        "held_on_month": str(day.month),
        "held_on_year": str(day.year),
        "duration_minutes": "30",
        "mode": "video",
        "attendance": "held",
        "actions_agreed": "Draft a plan for the practice meeting",
    }


__all__ = ["User", "choose_people", "enrol", "session_form", "session_loggers"]
