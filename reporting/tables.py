"""A report table: a named tidy pandas DataFrame with what it needs to be published and explained.

Counts come from aggregate queries; `publish` turns them into what a reader sees: with disclosure
control for commissioners, or exact for the scheme's staff.
"""

from dataclasses import dataclass, field, replace

import pandas as pd

from reporting import disclosure


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    sheet: str
    frame: pd.DataFrame
    definition: str
    label_column: str = "Category"
    count_columns: tuple = ("Count",)
    # Cells add up to the column's total (a distribution); False for answers where several may be given.
    additive: bool = True
    # Denominator of each count column's percentages (default: the column's sum).
    denominators: dict = field(default_factory=dict)
    percent: bool = True
    # Columns of means, each with the column holding how many people it is the mean of.
    means: dict = field(default_factory=dict)
    # Columns that are running totals (published like totals).
    running_totals: tuple = ()
    # Count columns with a year-to-date row: column -> (that row's index, the in-quarter counts of each
    # quarter of the year so far, Q1 first). Published by disclosure.publish_year_to_date.
    year_to_date: dict = field(default_factory=dict)
    # Columns of reference percentages (national figures) shown as they are.
    reference_percent_columns: tuple = ()
    chart: str = "barh"
    note: str = ""
    published: bool = False
    totals: dict = field(default_factory=dict)

    def percent_column(self, column):
        return f"{column} (%)"

    @property
    def columns(self):
        return list(self.frame.columns)

    @property
    def total_row(self):
        return bool(self.totals) and self.additive


def total_of(table, column):
    return int(table.denominators.get(column, table.frame[column].sum()))


def publish(table, *, suppress):
    """The table as its reader sees it: counts as ints or `*`, percentages as fractions (or None where
    hidden), means hidden over fewer than 8 people, totals rounded when suppressed. Built column by
    column from plain lists: a report has a few dozen small tables, and pandas' per-column
    assignment would cost more than the counting."""
    source = {column: table.frame[column].tolist() for column in table.frame.columns}
    columns, totals = {}, {}
    for column, values in source.items():
        if column in table.count_columns:
            counts = [int(value) for value in values]
            total = int(table.denominators.get(column, sum(counts)))
            if suppress:
                protected = disclosure.protect_column(counts, additive=table.additive, total=total)
                cells, totals[column] = protected.cells, protected.total
                if column in table.year_to_date:
                    row, in_quarters = table.year_to_date[column]
                    cells = list(cells)
                    cells[row] = disclosure.publish_year_to_date(in_quarters).cells[-1]
            else:
                cells, totals[column] = counts, total
            columns[column] = cells
            if table.percent:
                columns[table.percent_column(column)] = [
                    None if cell == disclosure.SUPPRESSED or not total else count / total
                    for cell, count in zip(cells, counts, strict=True)
                ]
        elif column in table.running_totals:
            running = [int(value) for value in values]
            columns[column] = disclosure.publish_running_total(running) if suppress else running
        elif column in table.means:
            means = []
            for mean, people in zip(values, source[table.means[column]], strict=True):
                shown = disclosure.publish_mean(mean, people) if suppress else mean
                means.append(None if shown is None or pd.isna(shown) else round(float(shown), 1))
            columns[column] = means
        else:
            columns[column] = values
    frame = pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in columns.items()})
    if table.label_column in frame:
        frame[table.label_column] = frame[table.label_column].astype(str)
    return replace(table, frame=frame, published=True, totals=totals)


def percent_text(value):
    """A fraction as a reader sees it: 0.6667 -> 66.7%; hidden -> *."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return disclosure.SUPPRESSED
    return f"{value * 100:.1f}%"


def cell_text(value):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return disclosure.SUPPRESSED
    if isinstance(value, float):
        return f"{value:.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def display_rows(table):
    """Rows of text, percentages formatted: what the page and the PDF print."""
    percent_columns = {table.percent_column(column) for column in table.count_columns}
    rows = []
    for record in table.frame.itertuples(index=False):
        rows.append(
            [
                reference_text(value)
                if name in table.reference_percent_columns
                else percent_text(value)
                if name in percent_columns
                else cell_text(value)
                for name, value in zip(table.frame.columns, record, strict=True)
            ]
        )
    return rows


def reference_text(value):
    """A national figure: not a count of our people, so never `*`; missing says so; text (a blank
    where there can be no national figure) as it is."""
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "not loaded"
    return f"{value * 100:.1f}%"


def display_total(table):
    """The total row (distributions only), or None."""
    if not table.total_row:
        return None
    row = ["Total"]
    for column in table.frame.columns[1:]:
        if column in table.count_columns:
            row.append(cell_text(table.totals[column]))
        elif table.percent and column.endswith("(%)") and column[: -len(" (%)")] in table.count_columns:
            row.append("100.0%" if table.totals[column[: -len(" (%)")]] not in (0, disclosure.SUPPRESSED) else "")
        else:
            row.append("")
    return row
