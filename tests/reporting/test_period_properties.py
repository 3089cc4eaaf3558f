"""Property-based checks of the reporting periods typed into a URL or a command, and of the national
workforce file: a period that reads is a real one, anything else is a clear refusal, never a crash."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from reporting import periods, workforce

PERIOD_TEXT = st.one_of(
    st.text(max_size=14),
    st.from_regex(r"[0-9]{4}/[0-9]{2}(-Q[0-9])?", fullmatch=True),
    st.sampled_from(["0000/01", "9999/00", "2025/26-Q5", "٢٠٢٥/٢٦", "2025/26\n", "2025/26-Q2\x00"]),
)


@settings(max_examples=200)
@given(PERIOD_TEXT)
def test_a_quarter_is_a_real_three_months_or_refused(text):
    try:
        period = periods.quarter(text)
    except periods.PeriodNotUnderstood as refused:
        assert str(refused)
    else:
        assert period.starts_on.day == 1 and period.starts_on.month in (4, 7, 10, 1)
        assert (period.ends_on - period.starts_on).days in range(89, 93)
        assert 2000 <= period.year_starts_on.year < 2100


@settings(max_examples=200)
@given(PERIOD_TEXT)
def test_a_financial_year_runs_from_april_to_march_or_is_refused(text):
    try:
        period = periods.financial_year(text)
    except periods.PeriodNotUnderstood as refused:
        assert str(refused)
    else:
        assert (period.starts_on.month, period.starts_on.day, period.ends_on.month, period.ends_on.day) == (4, 1, 3, 31)
        assert period.ends_on.year == period.starts_on.year + 1


ROWS = st.lists(
    st.tuples(
        st.sampled_from(["GP workforce", "", "x" * 300, "<i>HTML</i>"]),
        st.one_of(st.dates().map(datetime.date.isoformat), st.text(max_size=10)),
        st.sampled_from(["gender", "age band", "colour", ""]),
        st.one_of(st.sampled_from(["f", "m", "30_34", "under_30"]), st.text(max_size=5)),
        st.one_of(st.decimals(allow_nan=True, allow_infinity=True).map(str), st.text(max_size=6)),
    ),
    max_size=6,
)


@settings(max_examples=150)
@given(ROWS, st.booleans())
def test_a_workforce_file_is_read_whole_or_refused_with_its_line(rows, short_row):
    lines = [",".join(workforce.COLUMNS), *(",".join(f'"{cell}"' for cell in row) for row in rows)]
    if short_row:
        lines.append('"GP workforce","2020-09-30"')

    try:
        figures = workforce.parse("\n".join(lines))
    except workforce.WorkforceFileProblem as refused:
        assert str(refused)
    else:
        assert all(value.is_finite() and 0 <= value <= 100 for value in figures.percents.values())
