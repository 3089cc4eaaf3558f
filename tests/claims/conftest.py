import pytest

from tests.conftest import with_mfa
from tests.factories.claims import claiming_mentor, mentorship_of


@pytest.fixture
def claimant(scheme):
    """A verified, active mentor of `scheme` with a mentorship to log sessions in."""
    mentor = claiming_mentor(scheme, user__first_name="Priya", user__last_name="Shah")
    with_mfa(mentor.user)
    mentor.mentorship = mentorship_of(mentor)
    return mentor
