"""A payment batch as a file for the ICB's payment function: CSV or XLSX, the same columns and total.

A spreadsheet treats a cell beginning with =, +, -, @, a tab or a carriage return as a formula, so
text cells that begin so are prefixed with an apostrophe. Amounts are written as exact decimals
(numbers in XLSX, with a two-place format), and the total is the Decimal sum of the lines.
"""

import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

COLUMNS = [
    ("payee", "Payee"),
    ("gmc_number", "GMC number"),
    ("practice_code", "Practice ODS code"),
    ("practice_name", "Practice name"),
    ("period", "Period"),
    ("kind", "Line kind"),
    ("evidence_date", "Evidence date"),
    ("amount", "Amount (£)"),
    ("claim_reference", "Claim reference"),
    ("line_reference", "Line reference"),
    ("reverses", "Reverses line"),
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value):
    """Text a spreadsheet would run as a formula is shown as text instead."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def render(batch, rows, *, format):
    total = sum((row["amount"] for row in rows), Decimal("0.00"))
    if format == "csv":
        return _csv(batch, rows, total)
    if format == "xlsx":
        return _xlsx(batch, rows, total)
    raise ValueError(f"Unknown export format {format!r}")


def _csv(batch, rows, total):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label for _, label in COLUMNS])
    for row in rows:
        writer.writerow([f"{row[key]:.2f}" if key == "amount" else neutralise(row[key]) for key, _ in COLUMNS])
    writer.writerow(["Total", "", "", "", "", "", "", f"{total:.2f}", batch.reference, "", ""])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx_text(value):
    """Control characters a spreadsheet file cannot hold are dropped, so one odd name never stops the export."""
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value)


def _xlsx(batch, rows, total):
    # Write-only: rows streamed into the file rather than kept as an editable sheet, several times faster.
    book = Workbook(write_only=True)
    sheet = book.create_sheet(batch.reference)

    def amount(value):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "#,##0.00"
        return cell

    sheet.append([label for _, label in COLUMNS])
    for row in rows:
        sheet.append([amount(row[key]) if key == "amount" else _xlsx_text(row[key]) for key, _ in COLUMNS])
    sheet.append(["Total", "", "", "", "", "", "", amount(total), batch.reference, "", ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
