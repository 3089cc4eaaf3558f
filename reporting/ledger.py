"""The financial ledger NHS England asks for: in-year spend to date, profiled spend to year end and
forecast outturn against the allocation, by month (mentoring schemes) or quarter (career
conversations). Every amount is a Decimal to the penny; nothing passes through float.

`actual` is the sum of approved and paid claim lines whose evidence date falls in the period, added
up by the database. A reversal (a negative line) counts in the period it was made (its decision
date, in UK time), not in the period of the line it reverses, so a ledger already submitted for a
past period never changes.
"""

import zoneinfo
from decimal import Decimal

import pandas as pd
from django.db.models import Case, DateField, F, Q, Sum, When
from django.db.models.functions import TruncDate, TruncMonth

from claims.models import ClaimLine, LineKind, LineStatus
from claims.selectors import spend_profile
from reporting import periods
from schemes.models import SchemeYear

ZERO = Decimal("0.00")
COLUMNS = ["period", "allocation", "profiled", "actual", "ytd_profiled", "ytd_actual", "variance", "forecast_outturn"]
SPENT = [LineStatus.APPROVED, LineStatus.PAID]
UK = zoneinfo.ZoneInfo("Europe/London")


def ledger_date():
    """The day a line counts on: a reversal's decision date (when it was made), any other line's
    evidence date. A reversal without a decision date (imported history) keeps its evidence date."""
    return Case(
        When(Q(kind=LineKind.REVERSAL, decided_at__isnull=False), then=TruncDate("decided_at", tzinfo=UK)),
        default=F("date"),
        output_field=DateField(),
    )


def monthly_actuals(scheme, year):
    """Twelve Decimal sums, April first: one aggregate query grouped by month."""
    sums = (
        ClaimLine.objects.filter(scheme=scheme, status__in=SPENT)
        .annotate(counted_on=ledger_date())
        .filter(counted_on__gte=year.starts_on, counted_on__lte=year.ends_on)
        .annotate(month=TruncMonth("counted_on"))
        .order_by()
        .values_list("month")
        .annotate(total=Sum("amount"))
    )
    by_label = {f"{month:%Y-%m}": total for month, total in sums}
    return [Decimal(by_label.get(month.label, ZERO)).quantize(Decimal("0.01")) for month in periods.months_of(year)]


def ledger(scheme, year_label):
    """The ledger as a tidy DataFrame of Decimals (dtype object), one row per month or quarter."""
    year = periods.financial_year(year_label)
    scheme_year = SchemeYear.objects.filter(scheme=scheme, financial_year__start_year=year.starts_on.year).first()
    allocation = scheme_year.allocation if scheme_year else ZERO
    profile = spend_profile(scheme_year) if scheme_year else [ZERO] * 12
    actual = monthly_actuals(scheme, year)
    labels = [month.label for month in periods.months_of(year)]
    if scheme.kind == "career_conversations":
        labels = [quarter.label for quarter in periods.quarters_of(year)]
        profile = [sum(profile[index : index + 3], ZERO) for index in range(0, 12, 3)]
        actual = [sum(actual[index : index + 3], ZERO) for index in range(0, 12, 3)]
    rows = []
    ytd_profiled = ytd_actual = ZERO
    for index, label in enumerate(labels):
        ytd_profiled += profile[index]
        ytd_actual += actual[index]
        still_to_come = sum(profile[index + 1 :], ZERO)
        rows.append(
            [
                label,
                allocation,
                profile[index],
                actual[index],
                ytd_profiled,
                ytd_actual,
                ytd_actual - ytd_profiled,
                ytd_actual + still_to_come,
            ]
        )
    return pd.DataFrame(rows, columns=COLUMNS, dtype=object)


def ledger_csv(frame):
    return frame.to_csv(index=False, lineterminator="\n").encode()


def ledger_xlsx(frame, *, sheet="Ledger"):
    """Money written as the exact Decimal amounts, shown with pence."""
    import io

    from openpyxl.utils import get_column_letter

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame[["period"]].to_excel(writer, sheet_name=sheet, index=False)
        worksheet = writer.sheets[sheet]
        for number, column in enumerate(COLUMNS[1:], start=2):
            letter = get_column_letter(number)
            worksheet.column_dimensions[letter].width = 16
            worksheet.cell(row=1, column=number, value=column)
            for row, amount in enumerate(frame[column], start=2):
                cell = worksheet.cell(row=row, column=number, value=Decimal(amount))
                cell.number_format = "#,##0.00"
    return buffer.getvalue()
