import datetime

import pytest

from schemes import periods


@pytest.mark.parametrize(
    ("day", "label", "quarter"),
    [
        (datetime.date(2025, 4, 1), "2025/26", "2025/26-Q1"),
        (datetime.date(2025, 9, 30), "2025/26", "2025/26-Q2"),
        (datetime.date(2025, 12, 31), "2025/26", "2025/26-Q3"),
        (datetime.date(2026, 1, 1), "2025/26", "2025/26-Q4"),
        (datetime.date(2026, 3, 31), "2025/26", "2025/26-Q4"),
        (datetime.date(2099, 4, 1), "2099/00", "2099/00-Q1"),
    ],
)
def test_financial_year_and_quarter_of_a_day(day, label, quarter):
    assert periods.financial_year_label(periods.financial_year_start_year(day)) == label
    assert periods.quarter_label(day) == quarter


def test_financial_year_runs_april_to_march():
    assert periods.financial_year_start(2025) == datetime.date(2025, 4, 1)
    assert periods.financial_year_end(2025) == datetime.date(2026, 3, 31)


def test_month_label():
    assert periods.month_label(datetime.date(2025, 8, 14)) == "2025-08"
