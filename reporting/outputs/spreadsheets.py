"""XLSX and CSV files of reports: one named sheet per table, labels not codes, percentages as numbers
with a % format (so a commissioner can chart or sum them), money as numbers with pence."""

import csv
import io

import pandas as pd
from openpyxl.utils import get_column_letter

from reporting import disclosure

PERCENT_FORMAT = "0.0%"
MONEY_FORMAT = "#,##0.00"


def _sheet_name(name, used):
    name = name[:31]
    for character in "[]:*?/\\":
        name = name.replace(character, " ")
    base, number = name, 2
    while name in used:
        name = f"{base[:28]} {number}"
        number += 1
    used.add(name)
    return name


def quarterly_xlsx(report, *, unsuppressed):
    """The report's tables, each on its sheet, then the definitions."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        used = set()
        cover = [
            ["Report", f"Quarterly report: {report.title}"],
            ["Schemes", "; ".join(report.scheme_names)],
            ["Period", report.period.label],
            ["Generated", f"{report.generated_at:%-d %B %Y %H:%M} UTC"],
            [
                "Disclosure control",
                "NOT FOR PUBLICATION: exact figures for the scheme's staff"
                if unsuppressed
                else "Counts from 1 to 7 are shown as * and totals are rounded to the nearest 5",
            ],
        ]
        pd.DataFrame(cover, columns=["About", ""]).to_excel(writer, sheet_name=_sheet_name("About", used), index=False)
        for table in report.tables:
            sheet = _sheet_name(table.sheet, used)
            frame = table.frame.copy()
            if table.total_row:
                total = dict.fromkeys(frame.columns, "")
                total[table.label_column] = "Total"
                for column in table.count_columns:
                    total[column] = table.totals[column]
                frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
            frame.to_excel(writer, sheet_name=sheet, index=False)
            worksheet = writer.sheets[sheet]
            percent_columns = {table.percent_column(column) for column in table.count_columns} | set(
                table.reference_percent_columns
            )
            for number, column in enumerate(frame.columns, start=1):
                letter = get_column_letter(number)
                worksheet.column_dimensions[letter].width = max(12, min(60, len(str(column)) + 4))
                if column in percent_columns or column in table.means:
                    for row in range(2, len(frame) + 2):
                        cell = worksheet[f"{letter}{row}"]
                        if column in percent_columns:
                            cell.number_format = PERCENT_FORMAT
            if table.note:
                worksheet.cell(row=len(frame) + 3, column=1, value=table.note)
        definitions = pd.DataFrame(
            [(table.title, table.definition) for table in report.tables], columns=["Table", "Definition"]
        )
        definitions.to_excel(writer, sheet_name=_sheet_name("Definitions", used), index=False)
        writer.sheets["Definitions"].column_dimensions["A"].width = 50
        writer.sheets["Definitions"].column_dimensions["B"].width = 120
    return buffer.getvalue()


def metric_csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["metric", "value"])
    writer.writerows([metric, "" if value is None else str(value)] for metric, value in rows)
    return buffer.getvalue().encode()


def metric_xlsx(rows, *, sheet="Monitoring return"):
    buffer = io.BytesIO()
    frame = pd.DataFrame(
        [
            (metric, value if value is None or value == disclosure.SUPPRESSED else _number(value))
            for metric, value in rows
        ],
        columns=["metric", "value"],
    )
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=sheet, index=False)
        writer.sheets[sheet].column_dimensions["A"].width = 45
    return buffer.getvalue()


def _number(value):
    from decimal import Decimal

    return float(value) if isinstance(value, Decimal) else value
