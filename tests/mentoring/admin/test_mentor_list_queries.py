"""The staff list of a scheme's 2,000 mentors runs a fixed number of queries, whatever the page size."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from mentoring.models import EligibilityCheck, Mentor, TrainingRecord
from tests.factories.schemes import practice

MENTORS = 2000


def two_thousand_mentors(scheme):
    """Raw rows, in bulk: this measures the list page, not the services that make mentors."""
    surgery = practice()
    users = User.objects.bulk_create(
        User(email=f"mentor{n}@practice.nhs.uk", first_name="Mentor", last_name=f"{n:04d}") for n in range(MENTORS)
    )
    mentors = Mentor.objects.bulk_create(
        Mentor(
            user=user,
            scheme=scheme,
            status=Mentor.Status.ACTIVE,
            approved_on=timezone.localdate(),
            practice=surgery,
            capacity=8,
            gmc_number=f"{3000000 + n}",
        )
        for n, user in enumerate(users)
    )
    EligibilityCheck.objects.bulk_create(
        EligibilityCheck(mentor=mentor, item="gmc_licence", recheck_due=timezone.localdate()) for mentor in mentors
    )
    TrainingRecord.objects.bulk_create(
        TrainingRecord(
            mentor=mentor,
            course="ilm5",
            provider="Academy",
            started_on=timezone.localdate(),
            expected_completion_on=timezone.localdate(),
        )
        for mentor in mentors[::2]
    )


@pytest.mark.django_db
def test_mentor_list_queries_are_fixed_whatever_the_page_size(client, staff, scheme, monkeypatch):
    two_thousand_mentors(scheme)
    client.force_login(staff)
    mentor_admin = admin.site._registry[Mentor]
    url = reverse("admin:mentoring_mentor_changelist")
    client.get(url)  # warm per-process caches (content types, sessions)

    counts = {}
    for page_size in (20, 100, 500):
        monkeypatch.setattr(mentor_admin, "list_per_page", page_size)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert len(response.context["cl"].result_list) == page_size
        counts[page_size] = len(queries)

    assert counts[20] == counts[100] == counts[500], counts
    assert counts[20] <= 15
    assert response.context["cl"].result_count == MENTORS
