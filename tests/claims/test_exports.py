"""The payment file on its own: any amounts add up exactly, and no text cell runs as a formula."""

import csv
import io
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from claims.exports import FORMULA_STARTS, neutralise, render
from claims.models import PaymentBatch

amounts = st.decimals(min_value=Decimal("-100000"), max_value=Decimal("100000"), places=2)
text = st.text(max_size=30)


def row(amount, payee):
    return {
        "payee": payee,
        "gmc_number": "1234567",
        "practice_code": "A81001",
        "practice_name": payee,
        "period": "2026-10",
        "kind": "Mentoring session (one a week)",
        "evidence_date": "2026-10-05",
        "amount": amount,
        "claim_reference": "CL-000001",
        "line_reference": "CL-000001-1",
        "reverses": "",
    }


@settings(deadline=None)
@given(st.lists(st.tuples(amounts, text), max_size=40))
def test_the_csv_total_is_the_exact_sum_and_no_cell_is_a_formula(lines):
    rows = [row(amount, payee) for amount, payee in lines]

    content = render(PaymentBatch(pk=1), rows, format="csv").decode("utf-8-sig")
    written = list(csv.reader(io.StringIO(content)))

    assert Decimal(written[-1][7]) == sum((amount for amount, _ in lines), Decimal("0.00"))
    for cells in written[1:-1]:
        assert not cells[0].startswith(FORMULA_STARTS) and not cells[3].startswith(FORMULA_STARTS)


# Writing a workbook takes longer than Hypothesis's default deadline, more so under coverage.
@settings(deadline=None, max_examples=40)
@given(st.lists(st.tuples(amounts, text), max_size=10))
def test_the_xlsx_total_is_the_exact_sum(lines):
    rows = [row(amount, payee) for amount, payee in lines]

    sheet = load_workbook(io.BytesIO(render(PaymentBatch(pk=1), rows, format="xlsx"))).active
    written = list(sheet.iter_rows(values_only=True))

    assert Decimal(str(written[-1][7])) == sum((amount for amount, _ in lines), Decimal("0.00"))
    for cells in written[1:-1]:
        assert not str(cells[0] or "").startswith(FORMULA_STARTS)


def test_the_xlsx_shows_amounts_to_two_places_on_a_sheet_named_for_the_batch():
    rows = [row(Decimal("289.00"), "Dr Priya Shah"), row(Decimal("-289.00"), "Dr Priya Shah")]

    sheet = load_workbook(io.BytesIO(render(PaymentBatch(pk=7), rows, format="xlsx"))).active

    assert sheet.title == "PB-00007"
    assert [sheet.cell(row=n, column=8).number_format for n in (2, 3, 4)] == ["#,##0.00"] * 3
    assert sheet.cell(row=4, column=8).value == 0


def test_a_control_character_cannot_hide_a_formula_in_the_xlsx():
    sheet = load_workbook(io.BytesIO(render(PaymentBatch(pk=1), [row(Decimal("1.00"), "\x01=SUM(1)")], format="xlsx")))

    assert sheet.active["A2"].value == "'=SUM(1)"


def test_neutralise_leaves_ordinary_text_alone():
    assert neutralise("Dr Priya Shah") == "Dr Priya Shah"
    assert neutralise("-289.00 (a name)") == "'-289.00 (a name)"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
