"""Signing in with NHSmail in Chromium, against a local stand-in for Microsoft's endpoints."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from mentoring.models import Mentee
from tests.fake_nhsmail import FakeNHSmail

pytestmark = pytest.mark.e2e


def test_a_mentee_signs_in_with_nhsmail_and_lands_on_their_portal(page, scheme, settings):
    mentee = Mentee.objects.get(user__email="mentee@practice.nhs.uk").user
    type(mentee).objects.filter(pk=mentee.pk).update(email="priya.raman@nhs.net", first_name="Priya")
    nhsmail_profile = {"id": "entra-object-id-2", "mail": "Priya.Raman@nhs.net", "givenName": "Priya"}
    with FakeNHSmail(nhsmail_profile) as fake, override_settings(**fake.settings_for(settings)):
        page.goto("/")
        page.get_by_role("link", name="Sign in", exact=True).first.click()

        page.get_by_role("button", name="Sign in with NHSmail").click()

        expect(page.get_by_role("heading", name="Hello, Priya")).to_be_visible()
        expect(page.get_by_role("heading", name="Your mentoring")).to_be_visible()
    assert len(fake.authorize_requests) == 1


@pytest.fixture(autouse=True)
def _mentee(mentee):
    return mentee
