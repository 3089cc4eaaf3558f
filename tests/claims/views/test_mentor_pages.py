"""The mentor's claim pages: open a month, remove a line, declare and submit, see decisions."""

from decimal import Decimal

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimLine, LineStatus
from claims.services import claim_decide_whole, claim_open_month
from mentoring.models import Mentor
from tests.factories.claims import past_month, submitted_claim, three_weeks


@pytest.fixture
def month_claim(claimant):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    return claim_open_month(mentor=claimant, month=month, by=claimant.user)


def test_mentor_opens_a_month_and_sees_three_lines(client, claimant):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    client.force_login(claimant.user)

    response = client.post(reverse("claims:claims"), {"mentor": claimant.pk, "month": month.isoformat()}, follow=True)

    assert response.status_code == 200
    content = response.content.decode()
    assert f"Your claim for {month:%B %Y}" in content
    assert content.count("Mentoring session (one a week)") == 3
    assert "£867.00" in content


def test_mentor_removes_a_line_and_submits_with_the_declaration(client, claimant, month_claim):
    client.force_login(claimant.user)
    line = month_claim.lines.first()

    client.post(reverse("claims:claim_line", args=[month_claim.pk, line.pk]), {"action": "remove"})
    response = client.post(reverse("claims:claim", args=[month_claim.pk]), {"declaration": "on"}, follow=True)

    assert "is submitted for approval" in response.content.decode()
    assert "£578.00" in response.content.decode()
    month_claim.refresh_from_db()
    assert month_claim.status == Claim.Status.SUBMITTED
    assert month_claim.lines.filter(status=LineStatus.SUBMITTED).count() == 2


def test_submitting_without_the_declaration_shows_an_error(client, claimant, month_claim):
    client.force_login(claimant.user)

    response = client.post(reverse("claims:claim", args=[month_claim.pk]), {})

    assert "Confirm the declaration to submit your claim" in response.content.decode()
    assert set(month_claim.lines.values_list("status", flat=True)) == {LineStatus.DRAFT}


def test_posting_status_amount_or_approver_changes_nothing(client, claimant, approver, month_claim):
    client.force_login(claimant.user)

    client.post(
        reverse("claims:claim", args=[month_claim.pk]),
        {
            "declaration": "on",
            "status": "approved",
            "amount": "9999.00",
            "approved_by": approver.pk,
            "decided_by": approver.pk,
            "rate": "1000",
        },
    )

    lines = ClaimLine.objects.filter(claim=month_claim)
    assert set(lines.values_list("status", "amount", "rate", "decided_by")) == {
        (LineStatus.SUBMITTED, Decimal("289.00"), Decimal("289.00"), None)
    }
    month_claim.refresh_from_db()
    assert month_claim.status == Claim.Status.SUBMITTED


def test_a_double_submit_makes_nothing_twice(client, claimant, month_claim):
    client.force_login(claimant.user)
    url = reverse("claims:claim", args=[month_claim.pk])

    client.post(url, {"declaration": "on"})
    client.post(url, {"declaration": "on"})

    assert Claim.objects.count() == 1
    assert ClaimLine.objects.count() == 3


def test_a_returned_claim_shows_the_reason(client, claimant, approver):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    claim = submitted_claim(claimant, month)
    claim_decide_whole(claim=claim, by=approver, decision="return", reason="The second week looks wrong")
    client.force_login(claimant.user)

    content = client.get(reverse("claims:claim", args=[claim.pk])).content.decode()

    assert "Returned for changes" in content
    assert "The second week looks wrong" in content
    assert "Submit the claim" in content


def test_another_persons_claim_is_a_404(client, month_claim, other_mentor, approver, mentee):
    for person in (other_mentor, approver, mentee):
        client.force_login(person)
        assert client.get(reverse("claims:claim", args=[month_claim.pk])).status_code == 404
        line = month_claim.lines.first()
        response = client.post(reverse("claims:claim_line", args=[month_claim.pk, line.pk]), {"action": "remove"})
        assert response.status_code == 404
    assert set(month_claim.lines.values_list("status", flat=True)) == {LineStatus.DRAFT}


def test_a_mentor_who_left_reaches_nothing(client, claimant, month_claim):
    Mentor.objects.filter(pk=claimant.pk).update(status=Mentor.Status.LEFT, left_on=past_month())
    client.force_login(claimant.user)

    assert client.get(reverse("claims:claim", args=[month_claim.pk])).status_code == 404
    assert (
        client.post(reverse("claims:claims"), {"mentor": claimant.pk, "month": past_month().isoformat()}).status_code
        == 404
    )


def test_the_claim_page_runs_a_fixed_number_of_queries(client, claimant, django_assert_max_num_queries):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    claim = claim_open_month(mentor=claimant, month=month, by=claimant.user)
    client.force_login(claimant.user)
    client.get(reverse("claims:claim", args=[claim.pk]))

    with django_assert_max_num_queries(30) as few:
        client.get(reverse("claims:claim", args=[claim.pk]))
    three_weeks(claimant.mentorship, past_month(3))
    bigger = claim_open_month(mentor=claimant, month=past_month(3), by=claimant.user)
    for line in bigger.lines.all():
        ClaimLine.objects.filter(pk=line.pk).update(claim=claim)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("claims:claim", args=[claim.pk]))
    assert response.content.decode().count("Mentoring session (one a week)") == 6


def test_the_claims_list_shows_each_claim_and_total(client, claimant, month_claim):
    client.force_login(claimant.user)

    content = client.get(reverse("claims:claims")).content.decode()

    assert month_claim.reference in content
    assert "£867.00" in content
