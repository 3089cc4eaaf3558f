"""The named people every test can call on, each in the role the domain gives them.

alice: scheme staff of `scheme`; bob: staff of `other_scheme`; and a mentee, a mentor, another
scheme's mentor, a claims approver, a commissioner and an outsider with no role at all. Everyone
whose role needs MFA has an authenticator, so force_login() reaches pages past the MFA set-up gate.
"""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from accounts.permissions import Role
from accounts.services import user_mfa_enrol
from tests.factories.accounts import UserFactory
from tests.factories.mentoring import MenteeFactory, MentorFactory
from tests.factories.schemes import SchemeFactory, SchemeMembershipFactory

PASSWORD = "a-long-test-password-1"
_codes_used = set()  # (user id, period) of the authenticator codes a test has signed in with


def pytest_collection_modifyitems(items):
    """A test with real transactions empties the database when it ends, and Django then puts back the
    content types; the browser and worker tests instead reload everything migrations made, which would
    meet those rows again. So every test with real transactions reloads the same way."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            item.add_marker(pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}), append=False)


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher():
    """Hashing a password the production way takes most of a factory's time; tests need no strength."""
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MFA_TOTP_TOLERANCE=1,  # see totp_code
    ):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and used TOTP codes live in the (Redis) cache: start each test clean."""
    cache.clear()
    _codes_used.clear()
    yield
    cache.clear()


def with_mfa(user):
    user.totp_secret, user.recovery_codes = user_mfa_enrol(user=user)
    return user


def totp_code(user):
    """A code the authenticator app would show. A code is accepted once, so a person signing in twice
    within one 30-second period uses the next period's code, as the app would show a moment later (the
    tests accept one period either side, which also covers a sign-in that crosses a period's end)."""
    period = int(time.time()) // 30
    while (user.pk, period) in _codes_used:
        period += 1
    _codes_used.add((user.pk, period))
    return format_hotp_value(hotp_value(user.totp_secret, period))


def log_in(client, user):
    """Sign in through the real form, as a person would (force_login skips allauth's records)."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return response


@pytest.fixture
def scheme(db):
    return SchemeFactory(name="Cheshire and Merseyside GP Mentoring")


@pytest.fixture
def other_scheme(db):
    return SchemeFactory(name="Humber and North Yorkshire GP Mentoring")


@pytest.fixture
def staff(scheme):
    return with_mfa(SchemeMembershipFactory(scheme=scheme, role=Role.STAFF, user__email="alice@hub.nhs.uk").user)


@pytest.fixture
def other_staff(other_scheme):
    return with_mfa(SchemeMembershipFactory(scheme=other_scheme, role=Role.STAFF, user__email="bob@hub.nhs.uk").user)


@pytest.fixture
def approver(scheme):
    membership = SchemeMembershipFactory(scheme=scheme, role=Role.CLAIMS_APPROVER, user__email="finance@icb.nhs.uk")
    return with_mfa(membership.user)


@pytest.fixture
def commissioner(scheme):
    membership = SchemeMembershipFactory(scheme=scheme, role=Role.COMMISSIONER, user__email="region@england.nhs.uk")
    return with_mfa(membership.user)


@pytest.fixture
def mentor(scheme):
    mentor = MentorFactory(
        scheme=scheme,
        user__email="mentor@practice.nhs.uk",
        offers_face_to_face=True,
        offers_video=True,
        offers_telephone=True,
    )
    return with_mfa(mentor.user)


@pytest.fixture
def other_mentor(other_scheme):
    return with_mfa(MentorFactory(scheme=other_scheme, user__email="mentor@elsewhere.nhs.uk").user)


@pytest.fixture
def mentee(scheme):
    return MenteeFactory(scheme=scheme, user__email="mentee@practice.nhs.uk").user


@pytest.fixture
def outsider(db):
    return UserFactory(email="someone@example.com")


@pytest.fixture
def superuser(db):
    return with_mfa(UserFactory(email="platform@mentoring.nhs.uk", is_superuser=True))
