"""Scores computed in one place, checked against sums worked by hand."""

from types import SimpleNamespace

import pytest

from surveys.scoring import ScoringError, pss10_total, stress_band
from tests.surveys.conftest import HIGH_STRESS, HIGH_STRESS_TOTAL


def test_all_never_scores_16_because_the_four_reversed_items_score_4_each():
    assert pss10_total([0] * 10) == 16


def test_all_very_often_scores_24_because_the_four_reversed_items_score_0_each():
    assert pss10_total([4] * 10) == 24


def test_the_highest_possible_total_is_40_and_the_lowest_0():
    # 4 on the six stress items, 0 on the four coping items: 6 x 4 + 4 x (4 - 0) = 40.
    assert pss10_total([4, 4, 4, 0, 0, 4, 0, 0, 4, 4]) == 40
    assert pss10_total([0, 0, 0, 4, 4, 0, 4, 4, 0, 0]) == 0


def test_a_mixed_example_worked_by_hand():
    # 3+3+3 + (4-0)+(4-0) + 3 + (4-1)+(4-0) + 3+3 = 9 + 8 + 3 + 7 + 6 = 33
    assert pss10_total(HIGH_STRESS) == HIGH_STRESS_TOTAL == 33


def test_another_mixed_example_worked_by_hand():
    # answers 1,2,0,3,2,4,1,2,0,3
    # item: 1 2 3 4r    5r    6 7r    8r    9 10
    # score 1 2 0 (4-3) (4-2) 4 (4-1) (4-2) 0 3  = 1+2+0+1+2+4+3+2+0+3 = 18
    assert pss10_total([1, 2, 0, 3, 2, 4, 1, 2, 0, 3]) == 18


@pytest.mark.parametrize("item", [4, 5, 7, 8])
def test_each_reversed_item_counts_four_minus_the_answer(item):
    answers = [0] * 10  # baseline 16: each reversed item gives 4
    answers[item - 1] = 4  # this one now gives 0
    assert pss10_total(answers) == 12
    answers[item - 1] = 1  # gives 3
    assert pss10_total(answers) == 15


@pytest.mark.parametrize("item", [1, 2, 3, 6, 9, 10])
def test_each_other_item_counts_as_answered(item):
    answers = [0] * 10
    answers[item - 1] = 3
    assert pss10_total(answers) == 19


@pytest.mark.parametrize(
    "answers", [[0] * 9, [0] * 11, [0] * 9 + [5], [0] * 9 + [-1], [0] * 9 + [True], [0] * 9 + ["2"], [0] * 9 + [None]]
)
def test_anything_but_ten_answers_from_0_to_4_is_refused(answers):
    with pytest.raises(ScoringError):
        pss10_total(answers)


DEFAULT = SimpleNamespace(stress_low_max=13, stress_moderate_max=26)


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "low"), (13, "low"), (14, "moderate"), (26, "moderate"), (27, "high"), (40, "high")],
)
def test_bands_at_the_default_boundaries(total, band):
    assert stress_band(DEFAULT, total) == band


@pytest.mark.parametrize(("total", "band"), [(10, "low"), (11, "moderate"), (20, "moderate"), (21, "high")])
def test_bands_at_a_schemes_own_thresholds(total, band):
    assert stress_band(SimpleNamespace(stress_low_max=10, stress_moderate_max=20), total) == band


@pytest.mark.parametrize("total", [-1, 41, None, 13.5])
def test_a_total_outside_the_scale_has_no_band(total):
    with pytest.raises(ScoringError):
        stress_band(DEFAULT, total)
