"""Small numbers are hidden wherever figures leave the scheme team (commissioners, reports): a count
from 1 to 7 could point at a person, so it shows as "*". The one place this rule lives; tables whose
totals could give a hidden cell away are protected further by reporting.disclosure, which builds on it."""

SMALLEST_SHOWN = 8
HIDDEN = "*"


def suppress_small_count(count):
    """0 and counts of 8 or more as they are; 1 to 7 as "*"."""
    if count is None:
        return "0"
    return HIDDEN if 0 < count < SMALLEST_SHOWN else str(count)
