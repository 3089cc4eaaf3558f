"""Mentor training: the course record, its certificate, attendance, and who is overdue."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from mentoring.models import Mentor, TrainingRecord, TrainingSession
from mentoring.services.mentors import MentorRuleBroken
from mentoring.services.training import training_record_save, training_session_record
from tests.factories.mentoring import approved_mentor

START = datetime.date(2026, 1, 12)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def record(mentor, **fields):
    return TrainingRecord(
        mentor=mentor,
        course=fields.pop("course", "ilm5"),
        provider="North West Leadership Academy",
        started_on=START,
        expected_completion_on=fields.pop("expected", START + datetime.timedelta(days=300)),
        **fields,
    )


@pytest.mark.django_db
def test_training_must_be_expected_to_finish_within_two_years(scheme, staff):
    mentor = approved_mentor(scheme, by=staff)

    with pytest.raises(MentorRuleBroken) as refused:
        training_record_save(record=record(mentor, expected=START.replace(year=2028) + datetime.timedelta(1)), by=staff)

    assert refused.value.message_dict == {
        "expected_completion_on": ["Training must be completed within 2 years of the start date"]
    }
    assert training_record_save(record=record(mentor, expected=START.replace(year=2028)), by=staff).pk
    assert AuditEvent.objects.filter(action="training.add", actor=staff).count() == 1


@pytest.mark.django_db
def test_an_equivalent_course_needs_its_name(scheme, staff):
    mentor = approved_mentor(scheme, by=staff)

    with pytest.raises(MentorRuleBroken, match="Enter the name of the equivalent course"):
        training_record_save(record=record(mentor, course="equivalent"), by=staff)


@pytest.mark.django_db
def test_attendance_is_recorded_once_a_day(scheme, staff):
    mentor = approved_mentor(scheme, by=staff)

    first = training_session_record(mentor=mentor, attended_on=START, by=staff)
    again = training_session_record(mentor=mentor, attended_on=START, by=staff)

    assert first == again
    assert TrainingSession.objects.filter(mentor=mentor).count() == 1
    with pytest.raises(IntegrityError):
        TrainingSession.objects.create(mentor=mentor, attended_on=START)


def inline_data(mentor, **record):
    return {
        "capacity": str(mentor.capacity),
        "languages": "English",
        "phone": mentor.phone,
        "gmc_number": mentor.gmc_number,
        "practice": str(mentor.practice_id),
        "role": mentor.role,
        "clinical_sessions_per_week": str(mentor.clinical_sessions_per_week),
        "has_mentoring_qualification": "true",
        "experience": "[]",
        "training_records-TOTAL_FORMS": "1",
        "training_records-INITIAL_FORMS": "0",
        "training_sessions-TOTAL_FORMS": "1",
        "training_sessions-INITIAL_FORMS": "0",
        "training_sessions-0-attended_on": START.isoformat(),
        **{f"training_records-0-{name}": value for name, value in record.items()},
    }


@pytest.mark.django_db
def test_staff_add_training_with_a_certificate_in_the_admin(client, staff, scheme):
    mentor = approved_mentor(scheme, by=staff)
    client.force_login(staff)
    data = inline_data(
        mentor,
        course="ilm5",
        provider="North West Leadership Academy",
        started_on=START.isoformat(),
        expected_completion_on="2026-11-30",
        completed_on="2026-11-20",
        certificate=SimpleUploadedFile("certificate.pdf", PDF, content_type="application/pdf"),
    )

    response = client.post(reverse("admin:mentoring_mentor_change", args=[mentor.pk]), data)

    assert response.status_code == 302, response.context["errors"]
    saved = TrainingRecord.objects.get(mentor=mentor)
    assert saved.certificate.name.startswith("training-certificates/") and saved.certificate.name.endswith(".pdf")
    assert TrainingSession.objects.get(mentor=mentor).attended_on == START
    assert set(AuditEvent.objects.filter(actor=staff).values_list("action", flat=True)) >= {
        "training.add",
        "training.attend",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("certificate.exe", b"MZ...", "The certificate must be a PDF or JPG or PNG file"),
        ("certificate.pdf", b"not really a pdf", "The certificate does not look like a PDF file"),
        ("certificate.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "The certificate must be smaller than 5 MB"),
    ],
)
def test_a_certificate_of_the_wrong_type_or_size_is_refused(client, staff, scheme, name, content, message):
    mentor = approved_mentor(scheme, by=staff)
    client.force_login(staff)
    data = inline_data(
        mentor,
        course="ilm5",
        provider="Academy",
        started_on=START.isoformat(),
        expected_completion_on="2026-11-30",
        certificate=SimpleUploadedFile(name, content),
    )

    response = client.post(reverse("admin:mentoring_mentor_change", args=[mentor.pk]), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TrainingRecord.objects.exists()


@pytest.mark.django_db
def test_staff_see_who_is_overdue_with_training(client, staff, scheme):
    overdue = approved_mentor(scheme, by=staff)
    on_time = approved_mentor(scheme, by=staff)
    today = timezone.localdate()
    training_record_save(record=record(overdue, expected=today - datetime.timedelta(days=1)), by=staff)
    training_record_save(record=record(on_time, expected=today + datetime.timedelta(days=30)), by=staff)
    client.force_login(staff)

    page = client.get(reverse("admin:mentoring_mentor_changelist"), {"attention": "overdue"})

    assert list(page.context["cl"].result_list) == [overdue]
    assert "Training overdue" in page.content.decode()


@pytest.mark.django_db
def test_certificates_are_downloaded_only_by_staff_of_the_mentors_scheme(client, staff, other_staff, scheme):
    mentor = approved_mentor(scheme, by=staff)
    saved = record(mentor, certificate=SimpleUploadedFile("ilm5.pdf", PDF))
    training_record_save(record=saved, by=staff)
    url = reverse("admin:mentoring_mentor_certificate", args=[mentor.pk, saved.pk])

    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    assert (
        "Download the certificate"
        in client.get(reverse("admin:mentoring_mentor_change", args=[mentor.pk])).content.decode()
    )

    client.force_login(other_staff)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_staff_correct_and_remove_attendance_in_the_admin_and_each_is_audited(client, staff, scheme):
    mentor = approved_mentor(scheme, by=staff)
    attended = training_session_record(mentor=mentor, attended_on=START, by=staff)
    client.force_login(staff)
    url = reverse("admin:mentoring_mentor_change", args=[mentor.pk])
    data = inline_data(mentor) | {
        "training_records-TOTAL_FORMS": "0",
        "training_sessions-INITIAL_FORMS": "1",
        "training_sessions-0-id": str(attended.pk),
        "training_sessions-0-mentor": str(mentor.pk),
        "training_sessions-0-attended_on": "2026-03-03",
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    assert str(TrainingSession.objects.get(pk=attended.pk).attended_on) == "2026-03-03"
    assert Mentor.objects.get(pk=mentor.pk).capacity == mentor.capacity

    response = client.post(url, data | {"training_sessions-0-DELETE": "on"})

    assert response.status_code == 302, response.context["errors"]
    assert not TrainingSession.objects.filter(pk=attended.pk).exists()
    assert {"training.attendance_change", "training.attendance_delete"} <= set(
        AuditEvent.objects.filter(actor=staff).values_list("action", flat=True)
    )
