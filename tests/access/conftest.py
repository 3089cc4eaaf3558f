"""The mentoring world of the access-ends walk, shared with the access matrix walk and the audit meta-test."""

from tests.mentoring.views.test_access_ends import world  # noqa: F401
