"""Every refusal leaves things as they were and says why, in words for the person who tried."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditEvent
from claims.forms import FundingApplicationForm, SpendProfileUploadForm
from claims.models import Claim, LineStatus, SpendProfile
from claims.services import (
    ClaimRuleBroken,
    batch_create,
    batch_export,
    batch_mark_paid,
    claim_decide,
    claim_line_remove,
    claim_line_restore,
    claim_open_month,
    claim_submit,
    line_reverse,
    spend_profile_set,
)
from mentoring.models import Mentor
from mentoring.services.sessions import session_delete
from schemes.models import SchemeYear
from schemes.services import financial_year_for
from tests.factories.claims import (
    approved_claim,
    held,
    mentorship_of,
    mondays,
    past_month,
    submitted_claim,
    three_weeks,
)


def test_opening_a_month_is_for_the_mentor_on_the_scheme_and_not_the_future(claimant, approver):
    with pytest.raises(ClaimRuleBroken, match="Only the mentor"):
        claim_open_month(mentor=claimant, month=past_month(), by=approver)
    with pytest.raises(ClaimRuleBroken, match="this month or an earlier one"):
        claim_open_month(mentor=claimant, month=datetime.date.today() + datetime.timedelta(days=40), by=claimant.user)
    Mentor.objects.filter(pk=claimant.pk).update(status=Mentor.Status.LEFT, left_on=datetime.date.today())
    claimant.refresh_from_db()
    with pytest.raises(ClaimRuleBroken, match="on the scheme"):
        claim_open_month(mentor=claimant, month=past_month(), by=claimant.user)
    assert Claim.objects.count() == 0


def test_a_submitted_claim_cannot_be_changed_or_submitted_by_another(claimant, approver):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    claim = submitted_claim(claimant, month)
    line = claim.lines.first()

    with pytest.raises(ClaimRuleBroken, match="can no longer be changed"):
        claim_line_remove(line=line, by=claimant.user)
    with pytest.raises(ClaimRuleBroken, match="Only the claimant"):
        claim_line_remove(line=line, by=approver)
    with pytest.raises(ClaimRuleBroken, match="Only the claimant"):
        claim_submit(claim=claim, by=approver, declaration=True)

    assert set(claim.lines.values_list("status", flat=True)) == {LineStatus.SUBMITTED}


def test_an_empty_claim_cannot_be_submitted(claimant):
    claim = claim_open_month(mentor=claimant, month=past_month(), by=claimant.user)

    with pytest.raises(ClaimRuleBroken, match="no lines to submit"):
        claim_submit(claim=claim, by=claimant.user, declaration=True)


def test_a_removed_line_is_put_back(claimant):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    claim = claim_open_month(mentor=claimant, month=month, by=claimant.user)
    line = claim_line_remove(line=claim.lines.first(), by=claimant.user)

    claim_line_restore(line=line, by=claimant.user)

    assert claim.lines.filter(status=LineStatus.DRAFT).count() == 3


def test_decisions_must_be_known_and_on_the_claim(claimant, approver):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    claim = submitted_claim(claimant, month)
    line = claim.lines.first()

    with pytest.raises(ClaimRuleBroken, match="at least one line"):
        claim_decide(claim=claim, by=approver, decisions={})
    with pytest.raises(ClaimRuleBroken, match="approve, reject or return"):
        claim_decide(claim=claim, by=approver, decisions={line.pk: ("pay", "")})
    with pytest.raises(ClaimRuleBroken, match="not on this claim"):
        claim_decide(claim=claim, by=approver, decisions={line.pk + 1000: ("approve", "")})

    assert set(claim.lines.values_list("status", flat=True)) == {LineStatus.SUBMITTED}


def test_batch_refusals(claimant, approver, staff):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    approved_claim(claimant, month, approver)
    batch, _ = batch_create(scheme=claimant.scheme, by=staff)

    with pytest.raises(ClaimRuleBroken, match="no approved lines"):
        batch_create(scheme=claimant.scheme, by=staff)
    with pytest.raises(ClaimRuleBroken, match="Only the scheme's staff"):
        batch_export(batch=batch, by=approver, format="csv")
    with pytest.raises(ClaimRuleBroken, match="Only the scheme's staff"):
        batch_mark_paid(batch=batch, by=approver, paid_on=datetime.date.today())
    with pytest.raises(ClaimRuleBroken, match="today or in the past"):
        batch_mark_paid(batch=batch, by=staff, paid_on=datetime.date.today() + datetime.timedelta(days=1))
    with pytest.raises(ValueError, match="Unknown export format"):
        batch_export(batch=batch, by=staff, format="pdf")
    line = batch.lines.first()
    with pytest.raises(ClaimRuleBroken, match="Only the scheme's staff"):
        line_reverse(line=line, by=approver, reason="Wrong")
    with pytest.raises(ClaimRuleBroken, match="reason"):
        line_reverse(line=line, by=staff, reason=" ")


def test_spend_profile_refusals(scheme, staff):
    year = SchemeYear.objects.create(
        scheme=scheme, financial_year=financial_year_for(start_year=2026), allocation=Decimal("1200.00")
    )

    with pytest.raises(ClaimRuleBroken, match="twelve"):
        spend_profile_set(scheme_year=year, amounts=[100] * 11, by=staff)
    with pytest.raises(ClaimRuleBroken, match="negative"):
        spend_profile_set(scheme_year=year, amounts=[Decimal("-1.00")] + [Decimal("100.00")] * 11, by=staff)
    with pytest.raises(ClaimRuleBroken, match="more than two decimal places"):
        spend_profile_set(scheme_year=year, amounts=[Decimal("100.005")] + [Decimal("100.00")] * 11, by=staff)
    with pytest.raises(ClaimRuleBroken, match="pounds and pence"):
        spend_profile_set(scheme_year=year, amounts=[100.5] + [Decimal("100.00")] * 11, by=staff)  # never a float

    assert SpendProfile.objects.count() == 0
    assert not AuditEvent.objects.filter(action="spend_profile.set").exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"amounts": "1,2,3"}, "Enter twelve monthly amounts, April to March (there are 3)"),
        ({"amounts": "a,b"}, "Each amount must be in pounds and pence"),
    ],
)
def test_spend_profile_form_says_what_is_wrong(data, error):
    form = SpendProfileUploadForm(data)

    assert not form.is_valid()
    assert error in form.non_field_errors()[0]


def test_spend_profile_form_reads_an_uploaded_csv():
    upload = SimpleUploadedFile("profile.csv", "\n".join(["1000.00"] * 12).encode())

    form = SpendProfileUploadForm({}, {"file": upload})

    assert form.is_valid() and form.cleaned_data["parsed"] == [Decimal("1000.00")] * 12


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("practice_code", "12345", "Enter your practice's ODS code"),
        ("course_cost", "twelve", "Enter the cost in pounds and pence"),
        ("course_cost", "10.555", "Enter the cost in pounds and pence"),
    ],
)
def test_funding_form_says_what_is_wrong(field, value, error):
    data = {"career_need": "cpd", "description": "Course", "practice_code": "A81001", "backfill_sessions": "0"}
    data |= {"course_cost": "10", field: value, "declaration": "on"}
    invoice = SimpleUploadedFile("invoice.pdf", b"%PDF-1.4")

    form = FundingApplicationForm(data, {"invoice": invoice}, needs=["cpd"])

    assert not form.is_valid()
    assert error in form.errors[field][0]


def test_a_person_with_no_mentor_record_sees_their_claims_but_cannot_open_a_month(client, mentee):
    client.force_login(mentee)

    assert "You have not made a claim yet" in client.get(reverse("claims:claims")).content.decode()
    assert client.post(reverse("claims:claims"), {"month": past_month().isoformat()}).status_code == 404


def test_the_line_page_puts_a_removed_line_back(client, claimant):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    claim = claim_open_month(mentor=claimant, month=month, by=claimant.user)
    line = claim.lines.first()
    client.force_login(claimant.user)
    url = reverse("claims:claim_line", args=[claim.pk, line.pk])

    client.post(url, {"action": "remove"})
    twice = client.post(url, {"action": "remove"}, follow=True)
    client.post(url, {"action": "restore"})

    assert "Cannot remove a line" in twice.content.decode()
    line.refresh_from_db()
    assert line.status == LineStatus.DRAFT


def test_the_approver_page_asks_for_a_decision(client, claimant, approver):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    claim = submitted_claim(claimant, month)
    client.force_login(approver)

    response = client.post(reverse("claims:approval_claim", args=[claim.pk]), {})

    assert "Choose approve, reject or return for at least one line" in response.content.decode()


def test_a_week_whose_session_was_deleted_after_opening_the_month_is_not_submitted(claimant):
    mentorship = mentorship_of(claimant)
    week_1, week_2, *_ = mondays(past_month())
    held(mentorship, week_1)
    second = held(mentorship, week_2)
    claim = claim_open_month(mentor=claimant, month=past_month(), by=claimant.user)
    assert claim.lines.filter(status=LineStatus.DRAFT).count() == 2

    session_delete(session=second, by=claimant.user)  # still inside the mentor's seven days

    with pytest.raises(ClaimRuleBroken, match="no longer has a session logged as held"):
        claim_submit(claim=claim, by=claimant.user, declaration=True)
    assert set(claim.lines.values_list("status", flat=True)) == {LineStatus.DRAFT}
    assert Claim.objects.get(pk=claim.pk).submitted_at is None
