import pytest

from schemes.disclosure import suppress_small_count


@pytest.mark.parametrize(("count", "shown"), [(0, "0"), (None, "0"), (1, "*"), (7, "*"), (8, "8"), (120, "120")])
def test_counts_from_one_to_seven_are_hidden(count, shown):
    assert suppress_small_count(count) == shown
