"""The quarterly report as a PDF that reads like the GPMplus summary report: a title page, contents,
a section per table (its chart, the table beside it and its note), and the definitions at the end.
Drawn with matplotlib's PdfPages; text is kept as text (Type 42 fonts), so it can be searched,
copied and read aloud."""

import io
import textwrap

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from reporting.outputs import charts
from reporting.tables import display_rows, display_total

A4 = (8.27, 11.69)
NOT_FOR_PUBLICATION = "NOT FOR PUBLICATION: exact figures for the scheme's staff"
SUPPRESSION_NOTE = (
    "* a count from 1 to 7, or hidden so that such a count cannot be worked out. Totals rounded to the nearest 5."
)


def _page(pdf, unsuppressed, number):
    figure = Figure(figsize=A4)
    if unsuppressed:
        figure.text(0.5, 0.975, NOT_FOR_PUBLICATION, ha="center", va="top", fontsize=10, color="#d5281b", weight="bold")
    figure.text(0.5, 0.02, f"Page {number}", ha="center", fontsize=8, color="#4c6272")
    return figure


def _wrapped(figure, x, y, text, *, width=95, size=10, **style):
    lines = textwrap.wrap(text, width=width) or [""]
    for line in lines:
        figure.text(x, y, line, fontsize=size, va="top", **style)
        y -= size * 0.0019
    return y


def quarterly_pdf(report, *, unsuppressed):
    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Title": f"Quarterly report: {report.title}, {report.period.label}"}) as pdf:
        number = 1
        title = _page(pdf, unsuppressed, number)
        title.text(0.08, 0.8, "Quarterly report", fontsize=28, weight="bold", color="#005eb8")
        y = _wrapped(title, 0.08, 0.74, report.title, width=40, size=20)
        title.text(0.08, y - 0.02, f"Period: {report.period.label}", fontsize=14)
        _wrapped(title, 0.08, y - 0.06, "Schemes: " + "; ".join(report.scheme_names), width=80, size=10)
        title.text(0.08, 0.12, f"Generated {report.generated_at:%-d %B %Y at %H:%M} UTC", fontsize=9)
        if not unsuppressed:
            _wrapped(title, 0.08, 0.09, SUPPRESSION_NOTE, width=100, size=8)
        pdf.savefig(title)

        number += 1
        contents = _page(pdf, unsuppressed, number)
        contents.text(0.08, 0.92, "Contents", fontsize=18, weight="bold")
        y = 0.87
        for index, table in enumerate(report.tables, start=1):
            contents.text(0.08, y, f"{index}. {table.title}", fontsize=10)
            contents.text(0.85, y, f"page {index + 2}", fontsize=10)
            y -= 0.025
        contents.text(0.08, y - 0.01, f"{len(report.tables) + 1}. Definitions", fontsize=10)
        contents.text(0.85, y - 0.01, f"page {len(report.tables) + 3}", fontsize=10)
        pdf.savefig(contents)

        for index, table in enumerate(report.tables, start=1):
            number += 1
            page = _page(pdf, unsuppressed, number)
            page.text(0.08, 0.94, f"{index}. {table.title}", fontsize=14, weight="bold", color="#005eb8")
            charts.draw(
                table,
                titled=False,
                axes=page.add_axes(
                    [0.38 if table.chart == "barh" else 0.1, 0.58, 0.55 if table.chart == "barh" else 0.82, 0.31]
                ),
            )
            rows = display_rows(table)
            total = display_total(table)
            if total:
                rows.append(total)
            y = 0.5
            columns = list(table.frame.columns)
            positions = [0.08] + [
                0.08 + 0.42 + 0.44 * step / max(len(columns) - 1, 1) for step in range(len(columns) - 1)
            ]
            for x, column in zip(positions, columns, strict=True):
                page.text(x, y, textwrap.shorten(column, 38), fontsize=8, weight="bold")
            y -= 0.02
            for row in rows:
                for x, value in zip(positions, row, strict=True):
                    page.text(x, y, textwrap.shorten(str(value), 60 if x == 0.08 else 18), fontsize=8)
                y -= 0.016
            y -= 0.01
            if table.note:
                y = _wrapped(page, 0.08, y, table.note, size=8)
            if not unsuppressed:
                _wrapped(page, 0.08, y - 0.005, SUPPRESSION_NOTE, size=7, color="#4c6272")
            pdf.savefig(page)

        number += 1
        definitions = _page(pdf, unsuppressed, number)
        definitions.text(0.08, 0.94, "Definitions", fontsize=18, weight="bold")
        y = 0.9
        for table in report.tables:
            if y < 0.1:
                pdf.savefig(definitions)
                number += 1
                definitions = _page(pdf, unsuppressed, number)
                y = 0.94
            definitions.text(0.08, y, table.title, fontsize=9, weight="bold", va="top")
            y = _wrapped(definitions, 0.08, y - 0.016, table.definition, width=110, size=8) - 0.012
        pdf.savefig(definitions)
    return buffer.getvalue()
