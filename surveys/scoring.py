"""The one place questionnaire scores and bands are computed.

Perceived Stress Scale (Cohen, Kamarck & Mermelstein 1983): ten items answered 0 (never) to 4 (very
often). Items 4, 5, 7 and 8 are worded positively, so they are reverse scored (4 - answer) before the
ten are summed, giving 0-40. The scale has no official cut-offs: bands are the scheme's thresholds.
"""

from surveys.models import Questionnaire

PSS10_ITEMS = 10
PSS10_MIN, PSS10_MAX = 0, 4
PSS10_REVERSED = frozenset({4, 5, 7, 8})
PSS10_TOTAL_MAX = PSS10_ITEMS * PSS10_MAX

LOW, MODERATE, HIGH = "low", "moderate", "high"


class ScoringError(ValueError):
    pass


def _is_whole_number(value):
    return isinstance(value, int) and not isinstance(value, bool)


def sum_with_reversals(scored):
    """Sum (value, lowest, highest, reversed) tuples; a reversed answer counts as lowest + highest - value."""
    total = 0
    for value, lowest, highest, reverse in scored:
        if not _is_whole_number(value) or not lowest <= value <= highest:
            raise ScoringError(f"{value!r} is not a whole number from {lowest} to {highest}")
        total += lowest + highest - value if reverse else value
    return total


def pss10_total(answers):
    """The PSS-10 total, 0-40, from the ten answers (each 0-4) in item order."""
    answers = list(answers)
    if len(answers) != PSS10_ITEMS:
        raise ScoringError(f"The Perceived Stress Scale has {PSS10_ITEMS} items, not {len(answers)}")
    return sum_with_reversals(
        (value, PSS10_MIN, PSS10_MAX, number in PSS10_REVERSED) for number, value in enumerate(answers, start=1)
    )


def stress_band(scheme, total):
    """low up to scheme.stress_low_max, moderate up to scheme.stress_moderate_max, high above."""
    if not _is_whole_number(total) or not 0 <= total <= PSS10_TOTAL_MAX:
        raise ScoringError(f"{total!r} is not a Perceived Stress Scale total (0-{PSS10_TOTAL_MAX})")
    if total <= scheme.stress_low_max:
        return LOW
    if total <= scheme.stress_moderate_max:
        return MODERATE
    return HIGH


def score(response):
    """(score, band) of a response whose required items are all answered, by its questionnaire's rule."""
    questionnaire = response.questionnaire
    values = {answer.item_id: answer.value for answer in response.answers.all()}
    # Only stress bands read the scheme (its thresholds): other questionnaires need not load it.
    scheme = response.scheme if questionnaire.banding == Questionnaire.Banding.STRESS else None
    return score_answers(questionnaire, questionnaire.items.all(), values, scheme)


def score_answers(questionnaire, items, values, scheme):
    """(score, band) by the questionnaire's rule, from its items and the answers ({item id: value}) held in
    memory: score() for a saved response, and the bulk import for the responses it is about to write."""
    scale_items = [item for item in items if item.kind == item.Kind.SCALE]
    match questionnaire.scoring:
        case Questionnaire.Scoring.SUM_WITH_REVERSALS:
            total = sum_with_reversals(
                (values.get(item.pk), item.scale["min"], item.scale["max"], item.reversed) for item in scale_items
            )
        case Questionnaire.Scoring.SINGLE_VALUE:
            (item,) = scale_items
            total = sum_with_reversals([(values.get(item.pk), item.scale["min"], item.scale["max"], False)])
        case _:
            return None, ""
    if questionnaire.banding == Questionnaire.Banding.STRESS:
        return total, stress_band(scheme, total)
    return total, ""
