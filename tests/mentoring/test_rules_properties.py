"""Property-based checks of what a person types: GMC numbers, ODS practice codes, UK phone numbers, and the
cells of an imported spreadsheet. Whatever the text, the answer is a clear yes or a message, never a crash,
and a yes only for text of the right shape."""

import datetime
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mentoring import rules
from mentoring.imports.reading import cell_date, cell_text, choice_key, choice_lookup, is_whole_number

# Text as people paste it: any characters, including null bytes, newlines, other scripts' digits and HTML.
HOSTILE = st.one_of(
    st.text(),
    st.text(alphabet="0123456789 \n\t\x00٠١٢٣४५"),
    st.sampled_from(["<script>alert(1)</script>", '=HYPERLINK("x")', "1234567\n", "A81001\n", "\x00", "x" * 10_000]),
)


@settings(max_examples=200)
@given(HOSTILE)
def test_a_gmc_number_is_accepted_only_as_exactly_seven_ascii_digits(text):
    problem = rules.gmc_number_problem(text)

    assert (problem is None) == bool(re.fullmatch(r"[0-9]{7}", text))
    assert problem is None or "7 digits" in problem


@given(st.from_regex(r"[0-9]{7}", fullmatch=True))
def test_every_seven_digit_number_is_a_gmc_number(text):
    assert rules.gmc_number_problem(text) is None


@settings(max_examples=200)
@given(HOSTILE)
def test_a_practice_code_is_accepted_only_as_a_capital_letter_and_five_digits(text):
    problem = rules.practice_code_problem(text)

    assert (problem is None) == bool(re.fullmatch(r"[A-Z][0-9]{5}", text))
    assert problem is None or "ODS code" in problem


@settings(max_examples=200)
@given(HOSTILE)
def test_a_phone_number_is_either_a_real_uk_number_in_uk_format_or_a_clear_message(text):
    written = rules.uk_phone_number(text)

    if written is None:
        assert rules.phone_problem(text) == rules.PHONE_PROBLEM
    else:
        assert re.fullmatch(r"[0-9 ]+", written)
        assert rules.uk_phone_number(written) == written  # the UK format reads back as itself


@given(st.sampled_from(["020 7946 0958", "07123 456789", "+44 113 496 0000", "0113 496 0000"]))
def test_real_uk_numbers_are_accepted(text):
    assert rules.phone_problem(text) is None


CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    HOSTILE,
)


@settings(max_examples=200)
@given(CELLS)
def test_an_import_cell_always_reads_as_stripped_text(value):
    text = cell_text(value)

    assert isinstance(text, str)
    assert text == text.strip()


@settings(max_examples=200)
@given(CELLS)
def test_an_import_cell_is_a_date_empty_or_not_a_date_never_an_error(value):
    read = cell_date(value)

    assert read is None or read is False or isinstance(read, datetime.date)


@given(st.dates(min_value=datetime.date(1900, 1, 1)))
def test_a_date_written_either_way_reads_back_as_itself(day):
    assert cell_date(day.isoformat()) == day
    assert cell_date(day.strftime("%d/%m/%Y")) == day


@given(HOSTILE)
def test_a_whole_number_is_ascii_digits_only_so_int_never_fails(text):
    if is_whole_number(text):
        assert int(text) >= 0


@given(HOSTILE)
def test_a_choice_is_found_by_code_or_label_or_not_at_all(text):
    lookup = choice_lookup([("gp_partner", "GP partner"), ("salaried_gp", "Salaried GP")])

    assert lookup.get(choice_key(text)) in (None, "gp_partner", "salaried_gp")
