"""Payment batches: approved lines gathered once, exported for the ICB's payment function with an exact
total, frozen, paid, and corrected only by a reversal in a later batch."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from accounts.models import AuditEvent
from claims.models import Claim, ClaimLine, LineKind, LineStatus, PaymentBatch
from claims.services import ClaimRuleBroken, batch_create, batch_export, batch_mark_paid, line_reverse
from claims.transitions import IllegalTransition
from mentoring.models import EligibilityCheck
from tests.factories.claims import approved_claim, past_month, three_weeks


def csv_rows(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(content):
    return [list(row) for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


@pytest.fixture
def approved(claimant, approver):
    month = past_month()
    three_weeks(claimant.mentorship, month)
    return approved_claim(claimant, month, approver)


def test_three_weeks_approved_batched_and_exported_to_the_penny(approved, staff):
    batch, held = batch_create(scheme=approved.scheme, by=staff)

    rows = csv_rows(batch_export(batch=batch, by=staff, format="csv"))
    sheet = xlsx_rows(batch_export(batch=batch, by=staff, format="xlsx"))

    assert held == {}
    assert batch.total == Decimal("867.00")
    assert rows[0][:8] == [
        "Payee",
        "GMC number",
        "Practice ODS code",
        "Practice name",
        "Period",
        "Line kind",
        "Evidence date",
        "Amount (£)",
    ]
    assert [row[7] for row in rows[1:-1]] == ["289.00"] * 3
    assert rows[1][0] == "Priya Shah" and rows[1][1] == approved.mentor.gmc_number
    assert rows[-1][0] == "Total" and rows[-1][7] == "867.00"
    assert sum(Decimal(row[7]) for row in rows[1:-1]) == Decimal(rows[-1][7])
    assert Decimal(str(sheet[-1][7])) == Decimal("867.00")
    assert sum(Decimal(str(row[7])) for row in sheet[1:-1]) == Decimal("867.00")


def test_export_freezes_the_batch_and_paying_it_pays_its_lines(approved, staff):
    batch, _ = batch_create(scheme=approved.scheme, by=staff)
    batch_export(batch=batch, by=staff, format="csv")
    batch.refresh_from_db()
    assert batch.status == PaymentBatch.Status.EXPORTED

    batch_mark_paid(batch=batch, by=staff, paid_on=datetime.date.today())

    approved.refresh_from_db()
    assert approved.status == Claim.Status.PAID
    assert set(approved.lines.values_list("status", "paid_on")) == {(LineStatus.PAID, datetime.date.today())}
    with pytest.raises(IllegalTransition):
        batch_mark_paid(batch=batch, by=staff, paid_on=datetime.date.today())


def test_a_batch_is_paid_only_after_export(approved, staff):
    batch, _ = batch_create(scheme=approved.scheme, by=staff)

    with pytest.raises(IllegalTransition):
        batch_mark_paid(batch=batch, by=staff, paid_on=datetime.date.today())

    assert set(approved.lines.values_list("status", flat=True)) == {LineStatus.APPROVED}


def test_an_exported_batch_takes_no_new_lines(approved, staff, claimant, approver):
    batch, _ = batch_create(scheme=approved.scheme, by=staff)
    batch_export(batch=batch, by=staff, format="csv")
    month = past_month(3)
    three_weeks(claimant.mentorship, month)
    approved_claim(claimant, month, approver)

    second, _ = batch_create(scheme=approved.scheme, by=staff)

    assert batch.lines.count() == 3 and second.lines.count() == 3
    assert csv_rows(batch_export(batch=batch, by=staff, format="csv"))[-1][7] == "867.00"


def test_a_reversal_nets_a_paid_line_to_zero_in_the_next_batch(approved, staff):
    batch, _ = batch_create(scheme=approved.scheme, by=staff)
    batch_export(batch=batch, by=staff, format="csv")
    batch_mark_paid(batch=batch, by=staff, paid_on=datetime.date.today())
    line = approved.lines.first()

    reversal = line_reverse(line=line, by=staff, reason="Paid twice through payroll")
    later, _ = batch_create(scheme=approved.scheme, by=staff)
    rows = csv_rows(batch_export(batch=later, by=staff, format="csv"))

    assert reversal.amount == Decimal("-289.00")
    assert list(later.lines.all()) == [reversal]
    assert later.total == Decimal("-289.00")
    assert rows[1][7] == "-289.00" and rows[1][10] == f"{approved.reference}-{line.pk}"
    assert line.amount + reversal.amount == Decimal("0.00")
    line.refresh_from_db()
    assert line.status == LineStatus.PAID  # history is never edited
    with pytest.raises(ClaimRuleBroken, match="reversed already"):
        line_reverse(line=line, by=staff, reason="Again")


def test_only_paid_lines_are_reversed(approved, staff):
    with pytest.raises(ClaimRuleBroken, match="Only a paid line"):
        line_reverse(line=approved.lines.first(), by=staff, reason="Wrong")


def test_batch_leaves_out_lines_of_a_mentor_whose_eligibility_lapsed(approved, staff):
    EligibilityCheck.objects.filter(mentor=approved.mentor, item="performers_list").update(
        recheck_due=datetime.date(2020, 1, 1)
    )

    with pytest.raises(ClaimRuleBroken, match=approved.reference):
        batch_create(scheme=approved.scheme, by=staff)

    assert PaymentBatch.objects.count() == 0


def test_only_the_scheme_staff_create_batches(approved, approver, other_staff):
    for person in (approver, other_staff):
        with pytest.raises(ClaimRuleBroken):
            batch_create(scheme=approved.scheme, by=person)
    assert PaymentBatch.objects.count() == 0


def test_cells_that_would_run_as_formulas_are_neutralised(approved, staff):
    user = approved.mentor.user
    user.first_name, user.last_name = '=HYPERLINK("http://x")', "+1"
    user.save(update_fields=["first_name", "last_name"])
    batch, _ = batch_create(scheme=approved.scheme, by=staff)

    rows = csv_rows(batch_export(batch=batch, by=staff, format="csv"))
    sheet = xlsx_rows(batch_export(batch=batch, by=staff, format="xlsx"))

    assert rows[1][0] == '\'=HYPERLINK("http://x") +1'
    assert sheet[1][0] == '\'=HYPERLINK("http://x") +1'
    assert AuditEvent.objects.filter(action="payment_batch.export").count() == 2


def test_a_thousand_approved_lines_export_to_exactly_289000_pounds(claimant, staff):
    claim = Claim.objects.create(
        scheme=claimant.scheme, claimant=claimant.user, mentor=claimant, month=past_month(), status="approved"
    )
    start = datetime.date(2000, 1, 3)
    ClaimLine.objects.bulk_create(
        ClaimLine(
            claim=claim,
            scheme=claimant.scheme,
            mentor=claimant,
            kind=LineKind.MENTORING_SESSION,
            status=LineStatus.APPROVED,
            date=start + datetime.timedelta(weeks=n),
            week_start=start + datetime.timedelta(weeks=n),
            week_slot=1,
            rate=Decimal("289.00"),
            amount=Decimal("289.00"),
        )
        for n in range(1000)
    )

    batch, _ = batch_create(scheme=claimant.scheme, by=staff)
    rows = csv_rows(batch_export(batch=batch, by=staff, format="csv"))
    sheet = xlsx_rows(batch_export(batch=batch, by=staff, format="xlsx"))

    assert batch.total == Decimal("289000.00")
    assert len(rows) == 1002 and rows[-1][7] == "289000.00"
    assert sum(Decimal(row[7]) for row in rows[1:-1]) == Decimal("289000.00")
    assert Decimal(str(sheet[-1][7])) == Decimal("289000.00")
