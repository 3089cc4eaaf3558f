"""Statistical disclosure control for everything a commissioner sees or downloads.

The rules, as NHS England's disclosure control applies them:

- a count from 1 to 7 is shown as `*` (primary suppression), and any percentage derived from it is
  hidden;
- a total is rounded to the nearest 5 (a total from 1 to 7 is `*`);
- a year-to-date figure is a total too (rounded to 5, `*` from 1 to 7); but the quarters' figures add
  up to it, so a hidden quarter could be narrowed down by setting this quarter's year to date against
  the last. Where, with every return of the year so far in hand, a hidden quarter could be worked out
  exactly, the year to date is withheld (`*`) as well;
- where the cells of a column add up to its total, a hidden cell must not be recoverable by
  subtraction. We assume the worst: that the reader knows the exact total (a percentage shown beside
  a visible count gives the denominator away, and the same mentees appear in other tables). So while
  any hidden cell could be worked out exactly, the next smallest visible cell is hidden as well
  (secondary suppression), and if that runs out, the whole column is hidden.

Zero is shown: no one is identified by a cell with nobody in it.
"""

from dataclasses import dataclass

from schemes.disclosure import HIDDEN, SMALLEST_SHOWN

# The small-count rule itself lives in schemes.disclosure, which the headline pages use too.
SUPPRESSED = HIDDEN
HIGHEST_HIDDEN = SMALLEST_SHOWN - 1

# What a reader can know of a hidden cell, by why it was hidden (the strongest reader knows why).
PRIMARY = "primary"
SECONDARY = "secondary"
WHOLE = "whole"
WITHHELD = "withheld"


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


def _quarters_possible(in_quarter, year_to_date, kinds):
    """Every run of in-quarter values a reader could believe, given the published in-quarter figures
    (`*` meaning 1 to 7) and year-to-date figures (each the rounded sum of the quarters so far; `*`
    from 1 to 7 unless withheld, and a withheld one says nothing)."""
    import itertools

    choices = [range(1, HIGHEST_HIDDEN + 1) if shown == SUPPRESSED else [shown] for shown in in_quarter]
    for values in itertools.product(*choices):
        so_far, fits = 0, True
        for value, shown, kind in zip(values, year_to_date, kinds, strict=True):
            so_far += value
            if kind != WITHHELD and publish_total(so_far) != shown:
                fits = False
                break
        if fits:
            yield values


def _quarters_safe(in_quarter, year_to_date, kinds):
    hidden = [number for number, shown in enumerate(in_quarter) if shown == SUPPRESSED]
    if not hidden:
        return True
    possible = {number: set() for number in hidden}
    for values in _quarters_possible(in_quarter, year_to_date, kinds):
        for number in hidden:
            possible[number].add(values[number])
    return all(len(values) > 1 for values in possible.values())


def publish_year_to_date(in_quarter, year_to_date=None):
    """The year-to-date figures of a year's quarters so far (exact in-quarter counts, Q1 first, and
    the exact year to date at each quarter's end: by default their running sum), as
    published beside in-quarter counts that are `*` from 1 to 7. Each quarter's year to date is
    rounded like a total, or withheld where, with the returns of the earlier quarters (published the
    same way) in hand, some hidden quarter could be worked out exactly. The returns of earlier quarters
    are decided first, so each quarter's published return never changes when a later one is made.
    Returns a Column: `hidden` holds, per quarter, None or why its year to date is `*`."""
    shown_quarters = [SUPPRESSED if is_small(int(count)) else int(count) for count in in_quarter]
    if year_to_date is None:
        year_to_date = [sum(int(count) for count in in_quarter[: number + 1]) for number in range(len(in_quarter))]
    cells, kinds = [], []
    for number, so_far in enumerate(int(value) for value in year_to_date):
        cell, kind = publish_total(so_far), PRIMARY if is_small(so_far) else None
        if not _quarters_safe(shown_quarters[: number + 1], [*cells, cell], [*kinds, kind]):
            cell, kind = SUPPRESSED, WITHHELD
        cells.append(cell)
        kinds.append(kind)
    return Column(cells=cells, total=cells[-1] if cells else None, hidden=kinds)
