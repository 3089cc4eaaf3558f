"""Imports attach only accounts the scheme already knows: never another scheme's mentee, a platform
administrator, any other account, or the importer's own; an imported active mentor is matched only once
staff have verified their eligibility."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentoring.imports.mentees import COLUMN_NAMES as MENTEE_COLUMNS
from mentoring.models import Mentee, Mentor, Mentorship
from mentoring.selectors import mentor_may_claim
from tests.factories.accounts import UserFactory
from tests.factories.mentoring import MenteeFactory
from tests.mentoring.spreadsheets import csv_content, mentee_row, mentor_row, practice

UNKNOWN = "belongs to an account this scheme does not know, so it cannot be imported"


@pytest.fixture
def surgery(db):
    return practice()


def import_mentees(client, scheme, rows):
    upload = SimpleUploadedFile("mentees.csv", csv_content(rows, MENTEE_COLUMNS))
    return client.post(reverse("admin:mentoring_mentee_import"), {"scheme": scheme.pk, "file": upload}, follow=True)


def import_mentors(client, scheme, rows):
    upload = SimpleUploadedFile("mentors.csv", csv_content(rows))
    return client.post(reverse("admin:mentoring_mentor_import"), {"scheme": scheme.pk, "file": upload}, follow=True)


@pytest.mark.django_db
def test_another_schemes_mentee_cannot_be_imported_and_their_name_is_not_shown(
    client, scheme, other_scheme, staff, surgery
):
    theirs = MenteeFactory(scheme=other_scheme, user__email="kept.apart@nhs.net", user__first_name="Imogen")
    theirs.user.last_name = "Vasquez-Hart"
    theirs.user.save()
    client.force_login(staff)

    page = import_mentees(client, scheme, [mentee_row(1, email="kept.apart@nhs.net")]).content.decode()

    assert UNKNOWN in page
    assert "Imogen" not in page and "Vasquez-Hart" not in page
    assert not Mentee.objects.filter(scheme=scheme).exists()


@pytest.mark.django_db
def test_a_platform_administrator_cannot_be_imported_as_a_mentee(client, scheme, staff, superuser, surgery):
    client.force_login(staff)

    page = import_mentees(client, scheme, [mentee_row(1, email=superuser.email)]).content.decode()

    assert UNKNOWN in page
    assert not Mentee.objects.filter(user=superuser).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["their own", "anyone's"])
def test_staff_cannot_import_their_own_or_anyones_account_as_an_active_mentor(client, scheme, staff, surgery, who):
    account = staff if who == "their own" else UserFactory(email="someone@nhs.net")
    client.force_login(staff)

    page = import_mentors(client, scheme, [mentor_row(1, email=account.email, status="active")]).content.decode()

    assert ("is your own address" if who == "their own" else UNKNOWN) in page
    assert not Mentor.objects.filter(user=account).exists()


@pytest.mark.django_db
def test_an_imported_active_mentor_is_matched_and_paid_only_once_verified(client, scheme, staff, surgery):
    client.force_login(staff)
    import_mentors(client, scheme, [mentor_row(1, status="active")])
    imported = Mentor.objects.get(user__email="mentor1@nhs.net")
    waiting = MenteeFactory(scheme=scheme)

    page = client.post(
        reverse("admin:mentoring_mentee_suggestions", args=[waiting.pk]), {"mentor": imported.pk}, follow=True
    ).content.decode()

    assert imported.status == Mentor.Status.ACTIVE
    assert "eligibility checks are not all verified" in page
    assert not Mentorship.objects.exists()
    assert not mentor_may_claim(imported)
