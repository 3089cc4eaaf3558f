"""A person downloads all their own data, found by walking every model that refers to them."""

import io
import json
import zipfile

import pytest
from django.db import models
from django.test.utils import isolate_apps
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, User
from mentoring.models import Mentee, Mentor, MentoringSession
from mentoring.services.mentees import mentee_update
from mentoring.services.mentorships import mentorship_accept, mentorship_propose
from mentoring.services.sessions import session_log
from portal import subject_access
from surveys.services import response_import

NOTES = "Worried about the partnership vote"


@pytest.fixture
def mentoring_together(scheme, staff, mentor, mentee):
    """The mentee answered the stress questionnaire; the mentor logged a session with confidential notes."""
    priya = Mentee.objects.get(user=mentee)
    mentee_update(mentee=priya, by=mentee, age_band="40_44")
    response_import(mentee=priya, code="pss10", answers=[3] * 10, by=staff)
    mentorship = mentorship_propose(mentee=priya, mentor=Mentor.objects.get(user=mentor), by=staff)
    mentorship_accept(mentorship=mentorship, by=mentor)
    session_log(
        mentorship=mentorship,
        by=mentor,
        held_on=timezone.localdate(),
        duration_minutes=60,
        mode="video",
        kind=MentoringSession.Kind.INTRODUCTORY,
        actions_agreed="Draft the rota",
        confidential_notes=NOTES,
    )
    return mentorship


def test_every_reference_to_a_person_is_followed_or_has_a_reason():
    assert subject_access.unclassified_references() == []


@isolate_apps("portal")
def test_a_new_model_that_refers_to_a_person_fails_the_check_until_it_is_classified():
    class Appraisal(models.Model):
        mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE)
        appraiser = models.ForeignKey(User, on_delete=models.CASCADE)

        class Meta:
            app_label = "portal"

        def __str__(self):
            return "an appraisal"

    from django.apps import apps

    everything = [*apps.get_models(), Appraisal]
    gaps = subject_access.unclassified_references(everything)

    assert gaps == ["portal.Appraisal.appraiser", "portal.Appraisal.mentor"]


@pytest.mark.django_db
def test_the_mentee_gets_their_registration_answers_and_sessions_but_never_the_mentors_notes(
    client, mentee, mentoring_together
):
    client.force_login(mentee)

    response = client.get(reverse("my_data_download", args=["json"]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["accounts.User"][0]["email"] == "mentee@practice.nhs.uk"
    assert "password" not in data["accounts.User"][0]
    assert data["mentoring.Mentee"][0]["age_band"] == "40_44"
    assert len(data["surveys.Response"]) == 1
    assert sorted(answer["value"] for answer in data["surveys.Answer"]) == [3] * 10
    assert data["mentoring.MentoringSession"][0]["actions_agreed"] == "Draft the rota"
    assert "confidential_notes" not in data["mentoring.MentoringSession"][0]
    assert NOTES not in response.content.decode()
    assert "mentoring.Mentor" not in data


@pytest.mark.django_db
def test_the_mentor_gets_their_own_notes_but_not_the_mentees_answers(client, mentor, mentoring_together):
    client.force_login(mentor)

    data = json.loads(client.get(reverse("my_data_download", args=["json"])).content)

    assert data["mentoring.MentoringSession"][0]["confidential_notes"] == NOTES
    assert data["mentoring.Mentor"][0]["user_id"] == mentor.pk
    assert "surveys.Response" not in data
    assert "surveys.Answer" not in data
    assert "mentoring.Mentee" not in data


@pytest.mark.django_db
def test_the_spreadsheet_download_has_one_csv_for_each_kind_of_record(client, mentee, mentoring_together):
    client.force_login(mentee)

    response = client.get(reverse("my_data_download", args=["zip"]))

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert {"accounts-User.csv", "mentoring-Mentee.csv", "surveys-Answer.csv"} <= set(archive.namelist())
    sessions = archive.read("mentoring-MentoringSession.csv").decode()
    assert "Draft the rota" in sessions
    assert NOTES not in sessions and "confidential_notes" not in sessions


@pytest.mark.django_db
def test_a_name_that_looks_like_a_formula_is_text_in_the_spreadsheet(client, mentee):
    User.objects.filter(pk=mentee.pk).update(first_name="=HYPERLINK(1)")
    client.force_login(mentee)

    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("my_data_download", args=["zip"])).content))

    assert "'=HYPERLINK(1)" in archive.read("accounts-User.csv").decode()


@pytest.mark.django_db
def test_nobody_gets_another_persons_data(client, mentee, outsider, mentoring_together):
    client.force_login(outsider)

    data = json.loads(client.get(reverse("my_data_download", args=["json"])).content)

    assert [row["email"] for row in data["accounts.User"]] == ["someone@example.com"]
    assert "mentoring.Mentee" not in data and "mentoring.MentoringSession" not in data


@pytest.mark.django_db
def test_a_download_is_audited_without_its_content(client, mentee):
    client.force_login(mentee)

    client.get(reverse("my_data_download", args=["zip"]))

    event = AuditEvent.objects.get(action="subject_access.download")
    assert (event.actor, event.target_id, event.detail) == (mentee, str(mentee.pk), {"format": "zip"})


@pytest.mark.django_db
def test_signing_in_is_needed_and_the_page_offers_both_formats(client, mentee):
    assert client.get(reverse("my_data_download", args=["json"])).status_code == 302
    client.force_login(mentee)

    page = client.get(reverse("my_data")).content.decode()

    assert reverse("my_data_download", args=["json"]) in page
    assert reverse("my_data_download", args=["zip"]) in page
    assert reverse("my_data") in client.get(reverse("portal")).content.decode()
