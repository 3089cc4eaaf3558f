"""The README's demo, as a new user meets it: `seed_demo` on SQLite, no Redis, no worker.

These tests carry the `sqlite_demo` marker; the PostgreSQL run leaves them out and `make test` runs
them again on their own with a SQLite DATABASE_URL.
"""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Seed the demo once for the module, committed, as `make run` does (it refuses to run without DEBUG)."""
    with django_db_blocker.unblock(), override_settings(DEBUG=True):
        call_command("seed_demo", stdout=io.StringIO())


# The browser journeys' tab, with its accessibility checks, for the demo's journey too.
from tests.e2e.conftest import accessibility_check, browser_context_for, page  # noqa: E402, F401
