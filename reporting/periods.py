"""Reporting periods, in the labels NHS England uses: a financial year `2025/26` and its quarters
`2025/26-Q2`, built on schemes.periods."""

import datetime
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from schemes import periods

QUARTER = re.compile(r"(\d{4})/(\d{2})-Q([1-4])", re.ASCII)
YEAR = re.compile(r"(\d{4})/(\d{2})", re.ASCII)


class PeriodNotUnderstood(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    label: str
    starts_on: datetime.date
    ends_on: datetime.date
    year_starts_on: datetime.date

    @property
    def year_label(self):
        return periods.financial_year_label(self.year_starts_on.year)


def _start_year(first, second, text):
    start_year = int(first)
    if not 2000 <= start_year < 2100:
        raise PeriodNotUnderstood(f"{text} is not a financial year this service reports on: it starts in 20xx")
    if (start_year + 1) % 100 != int(second):
        raise PeriodNotUnderstood(f"{text} is not a financial year: the second year follows the first, like 2025/26")
    return start_year


def quarter(text):
    """`2025/26-Q2` -> 1 July 2025 to 30 September 2025."""
    match = QUARTER.fullmatch(text.strip())
    if not match:
        raise PeriodNotUnderstood(f"Enter a quarter like 2025/26-Q2, not {text!r}")
    start_year = _start_year(match[1], match[2], text)
    year_start = periods.financial_year_start(start_year)
    starts_on = year_start + relativedelta(months=3 * (int(match[3]) - 1))
    return Period(text.strip(), starts_on, starts_on + relativedelta(months=3, days=-1), year_start)


def financial_year(text):
    match = YEAR.fullmatch(text.strip())
    if not match:
        raise PeriodNotUnderstood(f"Enter a financial year like 2025/26, not {text!r}")
    start_year = _start_year(match[1], match[2], text)
    return Period(
        text.strip(),
        periods.financial_year_start(start_year),
        periods.financial_year_end(start_year),
        periods.financial_year_start(start_year),
    )


def months_of(year):
    """The twelve months of a financial year, April first, as periods labelled `2025-04`."""
    months = []
    for offset in range(12):
        starts_on = year.starts_on + relativedelta(months=offset)
        months.append(
            Period(
                periods.month_label(starts_on), starts_on, starts_on + relativedelta(months=1, days=-1), year.starts_on
            )
        )
    return months


def quarters_of(year):
    return [quarter(f"{year.label}-Q{number}") for number in range(1, 5)]


def recent_quarters(today, count=8):
    """The quarters a person is most likely to ask for, newest first (the current one included)."""
    labels = []
    day = today
    for _ in range(count):
        labels.append(periods.quarter_label(day))
        day = day - relativedelta(months=3)
    return [quarter(label) for label in labels]
