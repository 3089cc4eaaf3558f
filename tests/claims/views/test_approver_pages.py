"""The approver's queue and claim page: evidence, eligibility, budget, decisions with reasons."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimLine, LineKind, LineStatus
from mentoring.models import EligibilityCheck
from schemes import periods
from schemes.models import SchemeYear
from schemes.services import financial_year_for
from tests.factories.claims import past_month, submitted_claim, three_weeks


@pytest.fixture
def waiting(claimant):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    return submitted_claim(claimant, month)


def test_the_queue_lists_submitted_claims_with_the_budget(client, approver, waiting):
    today = datetime.date.today()
    year = financial_year_for(start_year=periods.financial_year_start_year(today))
    SchemeYear.objects.create(scheme=waiting.scheme, financial_year=year, allocation=Decimal("10000.00"))
    client.force_login(approver)

    content = client.get(reverse("claims:approval_queue")).content.decode()

    assert waiting.reference in content
    assert "Priya Shah" in content
    assert "£867.00 (3 lines)" in content
    assert "£10,000.00" in content


def test_the_queue_filters_by_month(client, approver, waiting):
    client.force_login(approver)

    other = client.get(reverse("claims:approval_queue"), {"month": "2001-01"}).content.decode()
    same = client.get(reverse("claims:approval_queue"), {"month": f"{waiting.month:%Y-%m}"}).content.decode()

    assert waiting.reference not in other and waiting.reference in same


def test_the_claim_page_shows_the_evidence_and_budget_after_the_claim(client, approver, waiting):
    year = financial_year_for(start_year=periods.financial_year_start_year(datetime.date.today()))
    SchemeYear.objects.create(scheme=waiting.scheme, financial_year=year, allocation=Decimal("1000.00"))
    client.force_login(approver)

    content = client.get(reverse("claims:approval_claim", args=[waiting.pk])).content.decode()

    assert "Regular session on" in content
    assert "Verified: every eligibility check is current" in content
    assert "This claim, waiting: <strong>£867.00</strong>" in content
    assert "Left after this claim: <strong>£133.00</strong>" in content


def test_approver_returns_a_claim_with_a_reason(client, approver, waiting):
    client.force_login(approver)

    response = client.post(
        reverse("claims:approval_claim", args=[waiting.pk]),
        {"whole": "return", "whole_reason": "Week 2 was a bank holiday"},
        follow=True,
    )

    assert "are saved and the claimant is emailed" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Claim.Status.RETURNED
    assert waiting.return_reason == "Week 2 was a bank holiday"


def test_approver_decides_line_by_line(client, approver, waiting):
    first, second, third = waiting.lines.order_by("date")
    client.force_login(approver)

    client.post(
        reverse("claims:approval_claim", args=[waiting.pk]),
        {f"line-{first.pk}": "approve", f"line-{second.pk}": "reject", f"reason-{second.pk}": "Not mentoring"},
    )

    assert dict(waiting.lines.values_list("pk", "status")) == {
        first.pk: LineStatus.APPROVED,
        second.pk: LineStatus.REJECTED,
        third.pk: LineStatus.SUBMITTED,
    }


def test_rejecting_without_a_reason_is_refused_with_a_message(client, approver, waiting):
    client.force_login(approver)

    response = client.post(reverse("claims:approval_claim", args=[waiting.pk]), {"whole": "reject"})

    assert "Give the reason, which the claimant will see" in response.content.decode()
    assert set(waiting.lines.values_list("status", flat=True)) == {LineStatus.SUBMITTED}


def test_held_lines_show_why_and_cannot_be_approved(client, approver, waiting):
    EligibilityCheck.objects.filter(mentor=waiting.mentor, item="no_suspension").delete()
    client.force_login(approver)

    page = client.get(reverse("claims:approval_claim", args=[waiting.pk])).content.decode()
    response = client.post(reverse("claims:approval_claim", args=[waiting.pk]), {"whole": "approve"})

    assert "These lines are held" in page and "Not under interim suspension" in page
    assert "re-verifies the mentor" in response.content.decode()
    assert set(waiting.lines.values_list("status", flat=True)) == {LineStatus.SUBMITTED}


def test_other_schemes_claims_are_404_and_others_are_403(client, waiting, staff, claimant, other_scheme):
    from accounts.permissions import Role
    from tests.conftest import with_mfa
    from tests.factories.schemes import SchemeMembershipFactory

    other_approver = with_mfa(SchemeMembershipFactory(scheme=other_scheme, role=Role.CLAIMS_APPROVER).user)
    client.force_login(other_approver)
    assert client.get(reverse("claims:approval_claim", args=[waiting.pk])).status_code == 404
    assert waiting.reference not in client.get(reverse("claims:approval_queue")).content.decode()
    for person in (staff, claimant.user):
        client.force_login(person)
        assert client.get(reverse("claims:approval_queue")).status_code == 403
        assert client.post(reverse("claims:approval_claim", args=[waiting.pk]), {"whole": "approve"}).status_code == 403
    assert set(waiting.lines.values_list("status", flat=True)) == {LineStatus.SUBMITTED}


def test_the_queue_runs_a_fixed_number_of_queries_with_5000_lines(
    client, approver, claimant, django_assert_max_num_queries
):
    month = past_month()
    claims = Claim.objects.bulk_create(
        Claim(
            scheme=claimant.scheme,
            claimant=claimant.user,
            mentor=claimant if n == 0 else None,
            kind="month" if n == 0 else "funding",
            practice=claimant.practice,
            month=month,
            status="submitted",
            submitted_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(minutes=n),
        )
        for n in range(100)
    )
    start = datetime.date(2000, 1, 3)
    ClaimLine.objects.bulk_create(
        ClaimLine(
            claim=claims[n % 100],
            scheme=claimant.scheme,
            mentor=claimant,
            kind=LineKind.MENTORING_SESSION,
            status=LineStatus.SUBMITTED,
            date=start + datetime.timedelta(weeks=n),
            week_start=start + datetime.timedelta(weeks=n),
            week_slot=1,
            rate=Decimal("289.00"),
            amount=Decimal("289.00"),
        )
        for n in range(5000)
    )
    client.force_login(approver)

    with django_assert_max_num_queries(20):
        response = client.get(reverse("claims:approval_queue"))

    assert response.content.decode().count("£14,450.00 (50 lines)") == 50
    assert claims[0].reference in response.content.decode()
