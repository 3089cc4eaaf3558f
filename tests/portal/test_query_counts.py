"""Every list page and report takes no more queries on a hub's year of data than on a handful of rows.

Each page is opened by the person who uses it, on a tiny generated dataset and then on a hub-sized one
(generate_dataset), and the second may take no more queries than the first.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.permissions import Role
from accounts.services import user_mfa_enrol
from claims.models import Claim
from mentoring.models import CareerConversation, Mentee, Mentor
from reporting import periods
from schemes.models import Scheme, SchemeMembership

TODAY = datetime.date(2026, 11, 15)


def busiest(queryset, relation, **condition):
    return queryset.annotate(n=Count(relation, filter=Q(**condition))).order_by("-n", "pk").first()


def pages():
    """(name, who, path) of every list page and report, on the dataset in the database."""
    scheme = Scheme.objects.get(kind=Scheme.Kind.MENTORING)
    conversations = Scheme.objects.get(kind=Scheme.Kind.CAREER_CONVERSATIONS)
    mentor = busiest(Mentor.objects.filter(scheme=scheme, status="active"), "mentorships")
    facilitator = busiest(Mentor.objects.filter(scheme=conversations, status="active"), "conversations")
    gp = CareerConversation.objects.filter(scheme=conversations).order_by("pk").first().gp
    mentee = Mentee.objects.filter(scheme=scheme, status="matched").order_by("pk").first().user
    members = {m.role: m.user for m in SchemeMembership.objects.filter(scheme=scheme)}
    claim = Claim.objects.filter(mentor=mentor).order_by("-month").first()
    quarter = periods.recent_quarters(TODAY, count=2)[1].label.replace("/", "-", 1)
    year = "2026-27"  # the financial year TODAY falls in
    staff, approver, commissioner = members[Role.STAFF], members[Role.CLAIMS_APPROVER], members[Role.COMMISSIONER]
    admin_lists = ["mentoring/mentor", "mentoring/mentee", "mentoring/mentorship", "mentoring/careerconversation",
                   "claims/claim", "claims/claimline", "claims/paymentbatch", "claims/mentoringplan",
                   "surveys/surveydispatch", "surveys/response"]  # fmt: skip
    return [
        ("mentor home", mentor.user, reverse("mentoring:mentor_home")),
        ("mentor's proposals", mentor.user, reverse("mentoring:proposals")),
        ("mentor's claims", mentor.user, reverse("claims:claims")),
        ("claim page", mentor.user, reverse("claims:claim", args=[claim.pk])),
        ("conversations to hold", facilitator.user, reverse("mentoring:conversations_to_hold")),
        ("GP's career conversations", gp, reverse("mentoring:conversations")),
        ("mentee's sessions", mentee, reverse("mentoring:my_sessions")),
        ("directory", mentee, reverse("mentoring:directory", args=[scheme.slug])),
        ("approver queue", approver, reverse("claims:approval_queue")),
        ("commissioner's reports", commissioner, reverse("reporting:reports")),
        ("monitoring return", commissioner, reverse("reporting:monitoring_return", args=[scheme.slug, quarter])),
        ("ledger", commissioner, reverse("reporting:ledger", args=[scheme.slug, year])),
        *[(f"admin {name}", staff, f"/admin/{name}/") for name in admin_lists],
    ]


def open_each(client, every_page):
    counts = {}
    for name, user, path in every_page:
        if user.mfa_required:
            user_mfa_enrol(user=user)
        client.force_login(user)
        client.get(path)  # warm per-process caches (content types, the session)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(captured)
    return counts


@pytest.mark.django_db
def test_list_pages_and_reports_take_no_more_queries_as_rows_grow(client, settings, django_assert_max_num_queries):
    settings.DEBUG = True
    call_command("generate_dataset", size="tiny", seed=3, today=TODAY, verbosity=0)
    few = open_each(client, pages())

    call_command("generate_dataset", size="hub", seed=3, today=TODAY, force=True, verbosity=0)
    for name, user, path in pages():
        if user.mfa_required:
            user_mfa_enrol(user=user)
        client.force_login(user)
        client.get(path)
        with django_assert_max_num_queries(few[name], info=name):
            response = client.get(path)
        assert response.status_code == 200, name
