"""NHS financial periods: the year runs 1 April to 31 March (2025/26); Q1 is April to June."""

import datetime

EARLIEST = datetime.date(2000, 1, 1)


def financial_year_start_year(day):
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(start_year):
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def financial_year_start(start_year):
    return datetime.date(start_year, 4, 1)


def financial_year_end(start_year):
    return datetime.date(start_year + 1, 3, 31)


def quarter_of(day):
    """1 for April-June ... 4 for January-March."""
    return (day.month - 4) % 12 // 3 + 1


def quarter_label(day):
    return f"{financial_year_label(financial_year_start_year(day))}-Q{quarter_of(day)}"


def month_label(day):
    return f"{day.year}-{day.month:02d}"
