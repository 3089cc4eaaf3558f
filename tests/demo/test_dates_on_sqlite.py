"""The date arithmetic of the staff pages, checked on SQLite as well as PostgreSQL."""

import pytest

from tests.mentoring.test_dates import (  # noqa: F401 - collected here too, for the SQLite run
    test_an_answer_falls_due_the_schemes_number_of_days_after_the_proposal,
    test_days_added_to_a_date_give_a_date,
)

pytestmark = pytest.mark.sqlite_demo
