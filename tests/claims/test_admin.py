"""Staff's claims screens: batches created, exported and paid through the admin; reversals; budget."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from claims.models import ClaimLine, LineStatus, MentoringPlan, PaymentBatch, SpendProfile
from schemes import periods
from schemes.models import SchemeYear
from schemes.services import financial_year_for
from tests.factories.claims import approved_claim, past_month, three_weeks


@pytest.fixture
def approved(claimant, approver):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    return approved_claim(claimant, month, approver)


def test_staff_create_export_and_pay_a_batch(client, staff, approved):
    client.force_login(staff)

    response = client.post(
        reverse("admin:claims_paymentbatch_create"),
        {"scheme": approved.scheme_id, "month": datetime.date.today().replace(day=1).isoformat()},
        follow=True,
    )
    batch = PaymentBatch.objects.get()
    exported = client.get(reverse("admin:claims_paymentbatch_export", args=[batch.pk, "csv"]))
    paid = client.post(
        reverse("admin:claims_paymentbatch_paid", args=[batch.pk]),
        {"paid_on": datetime.date.today().isoformat()},
        follow=True,
    )

    assert "holds £867.00" in response.content.decode()
    assert exported["Content-Disposition"] == f'attachment; filename="{batch.reference}.csv"'
    assert exported.content.decode("utf-8-sig").splitlines()[-1].startswith("Total,,,,,,,867.00")
    assert "is paid" in paid.content.decode()
    assert set(ClaimLine.objects.values_list("status", flat=True)) == {LineStatus.PAID}


def test_staff_reverse_a_paid_line(client, staff, approved):
    client.force_login(staff)
    client.post(
        reverse("admin:claims_paymentbatch_create"),
        {"scheme": approved.scheme_id, "month": datetime.date.today().replace(day=1).isoformat()},
    )
    batch = PaymentBatch.objects.get()
    client.get(reverse("admin:claims_paymentbatch_export", args=[batch.pk, "xlsx"]))
    client.post(reverse("admin:claims_paymentbatch_paid", args=[batch.pk]), {"paid_on": datetime.date.today()})
    line = approved.lines.first()

    response = client.post(
        reverse("admin:claims_claimline_reverse", args=[line.pk]), {"reason": "Paid in error"}, follow=True
    )

    assert "A reversal of -£289.00 is approved" in response.content.decode()
    assert ClaimLine.objects.get(reverses=line).amount == Decimal("-289.00")


def test_other_schemes_staff_cannot_reach_batches(client, other_staff, approved, staff):
    client.force_login(staff)
    client.post(
        reverse("admin:claims_paymentbatch_create"),
        {"scheme": approved.scheme_id, "month": datetime.date.today().replace(day=1).isoformat()},
    )
    batch = PaymentBatch.objects.get()
    client.force_login(other_staff)

    assert client.get(reverse("admin:claims_paymentbatch_export", args=[batch.pk, "csv"])).status_code == 404
    assert (
        client.post(reverse("admin:claims_paymentbatch_paid", args=[batch.pk]), {"paid_on": "2026-01-01"}).status_code
        == 404
    )
    batch.refresh_from_db()
    assert batch.status == PaymentBatch.Status.OPEN


def test_the_staff_claims_page_shows_the_budget(client, staff, approved):
    year = financial_year_for(start_year=periods.financial_year_start_year(datetime.date.today()))
    SchemeYear.objects.create(scheme=approved.scheme, financial_year=year, allocation=Decimal("12000.00"))
    client.force_login(staff)

    content = client.get(reverse("admin:claims_claim_changelist")).content.decode()

    assert "£12,000.00" in content
    assert approved.reference in content


def test_staff_upload_a_spend_profile(client, staff, scheme):
    year = financial_year_for(start_year=2026)
    scheme_year = SchemeYear.objects.create(scheme=scheme, financial_year=year, allocation=Decimal("12000.00"))
    client.force_login(staff)

    page = client.get(reverse("admin:claims_spendprofile_set", args=[scheme_year.pk])).content.decode()
    client.post(
        reverse("admin:claims_spendprofile_set", args=[scheme_year.pk]),
        {"amounts": "500,500,500,1000,1000,1000,1000,1000,1000,1500,1500,1500"},
    )

    assert "£1,000.00" in page  # the even spread, before a profile is set
    assert list(SpendProfile.objects.filter(scheme_year=scheme_year).values_list("amount", flat=True)) == [
        Decimal(value)
        for value in ("500", "500", "500", "1000", "1000", "1000", "1000", "1000", "1000", "1500", "1500", "1500")
    ]


def test_staff_record_a_plan_to_mentor(client, staff, claimant):
    client.force_login(staff)

    client.post(reverse("admin:claims_mentoringplan_add"), {"mentor": claimant.pk, "note": "Two mentees from May"})

    assert MentoringPlan.objects.get().mentor == claimant


def test_the_staff_claim_page_shows_what_is_left_after_it(client, staff, claimant):
    from tests.factories.claims import submitted_claim

    year = financial_year_for(start_year=periods.financial_year_start_year(datetime.date.today()))
    SchemeYear.objects.create(scheme=claimant.scheme, financial_year=year, allocation=Decimal("1000.00"))
    month = past_month()
    three_weeks(claimant.mentorship, month)
    claim = submitted_claim(claimant, month)
    client.force_login(staff)

    content = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()

    assert "Left after this claim (£867.00 waiting)</th><td>£133.00" in content


def test_batch_creation_says_which_claims_it_left_out_and_why(client, staff, approver, approved, scheme):
    from mentoring.models import EligibilityCheck
    from tests.factories.claims import claiming_mentor, mentorship_of

    lapsed = claiming_mentor(scheme)
    month = past_month()
    three_weeks(mentorship_of(lapsed), month)
    held_claim = approved_claim(lapsed, month, approver)
    EligibilityCheck.objects.filter(mentor=lapsed, item="gmc_licence").update(recheck_due=datetime.date(2020, 1, 1))
    client.force_login(staff)

    response = client.post(
        reverse("admin:claims_paymentbatch_create"),
        {"scheme": scheme.pk, "month": datetime.date.today().replace(day=1).isoformat()},
        follow=True,
    )

    content = response.content.decode()
    assert "holds £867.00" in content
    assert f"{held_claim.reference} is left out: the mentor&#x27;s eligibility has lapsed" in content
    assert set(held_claim.lines.values_list("batch", flat=True)) == {None}


def test_marking_an_open_batch_paid_is_refused_with_a_message(client, staff, approved):
    client.force_login(staff)
    client.post(
        reverse("admin:claims_paymentbatch_create"),
        {"scheme": approved.scheme_id, "month": datetime.date.today().replace(day=1).isoformat()},
    )
    batch = PaymentBatch.objects.get()

    response = client.post(
        reverse("admin:claims_paymentbatch_paid", args=[batch.pk]), {"paid_on": datetime.date.today()}, follow=True
    )

    assert "Cannot pay a batch that is" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == PaymentBatch.Status.OPEN
