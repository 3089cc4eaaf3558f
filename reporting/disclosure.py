"""Statistical disclosure control for everything a commissioner sees or downloads.

The rules, as NHS England's disclosure control applies them:

- a count from 1 to 7 is shown as `*` (primary suppression), and any percentage derived from it is
  hidden;
- a total is rounded to the nearest 5 (a total from 1 to 7 is `*`);
- where the cells of a column add up to its total, a hidden cell must not be recoverable by
  subtraction. We assume the worst: that the reader knows the exact total (a percentage shown beside
  a visible count gives the denominator away, and the same mentees appear in other tables). So while
  any hidden cell could be worked out exactly, the next smallest visible cell is hidden as well
  (secondary suppression), and if that runs out, the whole column is hidden.

Zero is shown: no one is identified by a cell with nobody in it.
"""

from dataclasses import dataclass

SUPPRESSED = "*"
HIGHEST_HIDDEN = 7

# What a reader can know of a hidden cell, by why it was hidden (the strongest reader knows why).
PRIMARY = "primary"
SECONDARY = "secondary"
WHOLE = "whole"


def is_small(count):
    return 1 <= count <= HIGHEST_HIDDEN


def round_to_five(count):
    """Half up, so 2 -> 0, 3 -> 5, 112 -> 110, 113 -> 115."""
    return 5 * ((count + 2) // 5)


def publish_total(count):
    if count is None:
        return None
    if is_small(count):
        return SUPPRESSED
    return round_to_five(count)


def bounds(kind, total):
    """What a reader knows of a hidden cell of this kind, in a column of this total."""
    if kind == PRIMARY:
        return 1, HIGHEST_HIDDEN
    if kind == SECONDARY:
        return HIGHEST_HIDDEN + 1, total
    return 0, total


def feasible_ranges(counts, hidden, total):
    """For each hidden cell, the smallest and largest value consistent with the visible cells and an
    exactly known total. The constraints are boxes and one sum, so every whole number between the
    two is possible too."""
    remainder = total - sum(count for index, count in enumerate(counts) if index not in hidden)
    boxes = {index: bounds(kind, total) for index, kind in hidden.items()}
    low_sum = sum(low for low, _ in boxes.values())
    high_sum = sum(high for _, high in boxes.values())
    ranges = {}
    for index, (low, high) in boxes.items():
        ranges[index] = (max(low, remainder - (high_sum - high)), min(high, remainder - (low_sum - low)))
    return ranges


def _recoverable(counts, hidden, total):
    return any(low == high for low, high in feasible_ranges(counts, hidden, total).values())


@dataclass(frozen=True)
class Column:
    """One protected column: the published cells, the published total and why each cell is hidden."""

    cells: list
    total: object
    hidden: dict


def protect_column(counts, *, additive=True, total=None):
    """Publish a column of counts. `additive` says the cells add up to the total (a distribution);
    a multiple-response column (a mentee may give several reasons) is not additive, and its cells
    cannot be worked out from each other, so only primary suppression applies."""
    counts = [int(count) for count in counts]
    if total is None:
        total = sum(counts)
    hidden = {index: PRIMARY for index, count in enumerate(counts) if is_small(count)}
    if additive and hidden:
        while _recoverable(counts, hidden, total):
            visible = [(count, index) for index, count in enumerate(counts) if index not in hidden and count > 0]
            if not visible:
                hidden = dict.fromkeys(range(len(counts)), WHOLE)
                break
            hidden[min(visible)[1]] = SECONDARY
        if hidden and _recoverable(counts, hidden, total):
            hidden = dict.fromkeys(range(len(counts)), WHOLE)
    cells = [SUPPRESSED if index in hidden else count for index, count in enumerate(counts)]
    return Column(cells=cells, total=publish_total(total), hidden=hidden)


def publish_running_total(running):
    """A cumulative count, published like a total: rounded to 5, or `*` from 1 to 7."""
    return [publish_total(int(value)) for value in running]


def publish_mean(mean, people):
    """A mean of fewer than 8 people's answers is hidden: it is nearly their answers."""
    if mean is None or people is None or is_small(int(people)):
        return None
    return mean
