"""Disclosure control: every count from 1 to 7 is hidden, and no hidden cell can be worked back.

The reader here is the strongest we can imagine: they know each column's exact total (a percentage
beside a visible count gives it away), why each cell was hidden (a small count, or hidden to protect
one), and, for running totals, everything registered before the year began. They try every value
each hidden cell could take; a cell is recovered when only one value fits.
"""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reporting import disclosure, periods
from reporting.quarterly import MULTIPLE_NOTE, quarterly_report
from reporting.tables import display_rows, display_total, publish
from tests.factories.mentoring import MenteeFactory
from tests.factories.schemes import SchemeFactory


def possible_values(published, kinds, total, *, running=None, before=0):
    """Every value each hidden cell can take, given the visible cells and the exact total (and, if
    given, the published running totals), found by trying them all."""
    hidden = [index for index, cell in enumerate(published) if cell == disclosure.SUPPRESSED]
    visible_sum = sum(cell for cell in published if cell != disclosure.SUPPRESSED)
    found = {index: set() for index in hidden}

    def running_fits(values):
        if running is None:
            return True
        cells = list(published)
        for index, value in zip(hidden, values, strict=True):
            cells[index] = value
        so_far = before
        for cell, shown in zip(cells, running, strict=True):
            so_far += cell
            if disclosure.publish_total(so_far) != shown:
                return False
        return True

    def walk(position, chosen, remaining):
        if position == len(hidden):
            if remaining == 0 and running_fits(chosen):
                for index, value in zip(hidden, chosen, strict=True):
                    found[index].add(value)
            return
        low, high = disclosure.bounds(kinds[hidden[position]], total)
        for value in range(low, min(high, remaining) + 1):
            walk(position + 1, [*chosen, value], remaining - value)

    walk(0, [], total - visible_sum)
    return found


def assert_nothing_recoverable(counts, column, **running):
    total = sum(counts)
    assert all((cell == disclosure.SUPPRESSED) == (index in column.hidden) for index, cell in enumerate(column.cells))
    for index, count in enumerate(counts):
        if disclosure.is_small(count):
            assert column.cells[index] == disclosure.SUPPRESSED
    for index, values in possible_values(column.cells, column.hidden, total, **running).items():
        assert counts[index] in values
        assert len(values) > 1, f"cell {index} ({counts[index]}) can be worked out from {column.cells}"


def test_one_small_count_takes_a_second_cell_with_it():
    column = disclosure.protect_column([40, 3, 25, 12])

    assert column.cells == [40, "*", 25, "*"]
    assert column.total == 80
    assert_nothing_recoverable([40, 3, 25, 12], column)


def test_totals_round_to_five_and_small_totals_are_hidden():
    assert [disclosure.publish_total(n) for n in (0, 3, 7, 8, 111, 112, 113)] == [0, "*", "*", 10, 110, 110, 115]


def test_a_small_count_beside_nothing_but_zeros_hides_the_column():
    column = disclosure.protect_column([0, 4, 0])

    assert column.cells == ["*", "*", "*"]
    assert_nothing_recoverable([0, 4, 0], column)


def test_the_tightest_pair_is_widened_until_ambiguous():
    """1 and 8 alone: knowing the total, a reader could tell 1 + 8 from any other split."""
    column = disclosure.protect_column([1, 8, 30])

    assert_nothing_recoverable([1, 8, 30], column)
    assert column.cells.count(disclosure.SUPPRESSED) == 3


def test_answers_where_several_may_be_given_only_hide_small_counts():
    column = disclosure.protect_column([74, 5, 37], additive=False, total=111)

    assert column.cells == [74, "*", 37]
    assert column.total == 110


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=14), min_size=2, max_size=5))
def test_no_hidden_cell_of_any_column_can_be_worked_back(counts):
    assert_nothing_recoverable(counts, disclosure.protect_column(counts))


def breakdowns(table, column):
    """The sets of rows of a column that add up to the people the column is about: the whole column
    of a distribution, and, in any other table, each group of rows labelled "Measure: ..." whose
    counts add up to the column's total (several breakdowns of the same people in one column)."""
    counts = [int(value) for value in table.frame[column]]
    if table.additive:
        return [list(range(len(counts)))]
    total = int(table.denominators.get(column, sum(counts)))
    groups = {}
    for index, label in enumerate(table.frame[table.label_column]):
        if ": " in str(label):
            groups.setdefault(str(label).split(": ")[0], []).append(index)
    return [rows for rows in groups.values() if total and sum(counts[index] for index in rows) == total]


def gp_report(genders_and_ages):
    scheme = SchemeFactory()
    for gender, age in genders_and_ages:
        MenteeFactory(scheme=scheme, role="gp_partner", gender=gender, age_band=age)
    today = datetime.date.today()
    return quarterly_report([scheme], periods.quarter(periods.periods.quarter_label(today)))


def attack(report):
    """Every breakdown that adds up, attacked column by column; how many were checked."""
    checked = 0
    for table in report.tables:
        shown = publish(table, suppress=True)
        for column in table.count_columns:
            for rows in breakdowns(table, column):
                counts = [int(table.frame[column].iloc[index]) for index in rows]
                cells = [shown.frame[column].iloc[index] for index in rows]
                if table.additive:
                    hidden = disclosure.protect_column(counts).hidden
                    assert disclosure.protect_column(counts).cells == cells
                else:
                    hidden = {
                        position: disclosure.PRIMARY
                        for position, cell in enumerate(cells)
                        if cell == disclosure.SUPPRESSED
                    }
                running = {}
                if table.running_totals:
                    running = {"running": list(shown.frame[table.running_totals[0]]), "before": 0}
                assert_nothing_recoverable(
                    counts, disclosure.Column(cells=cells, total=shown.totals[column], hidden=hidden), **running
                )
                checked += 1
    return checked


@pytest.mark.django_db
def test_no_hidden_cell_of_the_quarterly_report_can_be_worked_back():
    """A real report's distributions, running totals and every breakdown that adds up, attacked."""
    scheme = SchemeFactory()
    today = datetime.date.today()
    ages = ["30_34"] * 3 + ["35_39"] * 9 + ["40_44"] * 12 + ["45_49"] * 1
    roles = ["gp_partner"] * 10 + ["salaried_gp"] * 9 + ["practice_nurse"] * 2 + ["locum_gp"] * 4
    for age, role in zip(ages, roles, strict=True):
        MenteeFactory(scheme=scheme, age_band=age, role=role, gender="female")
    quarter = periods.quarter(periods.periods.quarter_label(today))
    report = quarterly_report([scheme], quarter)

    assert attack(report) >= 10
    roles_shown = publish(report.table("registrations_by_role"), suppress=True).frame.set_index("Role")
    assert roles_shown.loc["Practice nurse", "Count"] == "*"
    assert roles_shown.loc["Practice nurse", "Count (%)"] is None


@pytest.mark.django_db
def test_a_hidden_gp_mentee_count_cannot_be_worked_out_from_its_percentages():
    """20 female and 3 male GP partners, all aged 40 to 44: the 3 men must not be recoverable from
    the women's count and percentage."""
    report = gp_report([("female", "40_44")] * 20 + [("male", "40_44")] * 3)

    assert attack(report) >= 10
    for table in report.tables:
        rows = [str(label) for label in table.frame[table.label_column]]
        assert not ("Male" in rows and "Female" in rows and "40 to 44" in rows), "gender and age in one column"
    gender = publish(report.table("gp_mentee_gender"), suppress=True)
    shown = {row[0]: row for row in display_rows(gender)}
    assert shown["Male"][1:3] == ["*", "*"]
    assert shown["Female"][1:3] == ["*", "*"]
    assert shown["Not given"][1] == "0"
    assert display_total(gender)[1] == "25"
    age = publish(report.table("gp_mentee_age"), suppress=True)
    assert {row[0]: row for row in display_rows(age)}["40 to 44"][1:3] == ["23", "100.0%"]


@pytest.mark.django_db
def test_no_table_that_adds_up_is_marked_as_answers_where_several_may_be_given():
    """A table escapes secondary suppression only if its cells really cannot be subtracted from a
    total: several answers per person, or measures that are not a breakdown of anyone."""
    report = gp_report([("female", "40_44")] * 9 + [("male", "30_34")] * 2)

    for table in report.tables:
        if table.additive:
            continue
        assert "adding up to 100%" not in table.note and "add up to 100%" not in table.note, table.key
        if table.percent:
            assert table.note == MULTIPLE_NOTE, f"{table.key} has percentages of a total but is not a distribution"
        for column in table.count_columns:
            assert breakdowns(table, column) == [], f"{table.key} holds a breakdown that adds up"
        measures = {str(label).split(": ")[0] for label in table.frame[table.label_column] if ": " in str(label)}
        assert len(measures) <= 1, f"{table.key} holds several breakdowns in one column"
