import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.audit_labels import audit_label, history_in_words
from accounts.models import AuditEvent


def test_an_action_reads_as_words():
    assert audit_label("mentor.application_save") == "Application saved"
    assert audit_label("mentorship.withdraw_unanswered") == "Withdrawn, not answered in time"
    assert audit_label("claim.something_new") == "Claim: something new"


def test_repeats_of_one_action_by_one_person_collapse_into_one_line():
    start = timezone.now()
    events = [
        AuditEvent(action="mentor.application_save", actor_id=None, at=start + datetime.timedelta(minutes=n))
        for n in range(12)
    ] + [AuditEvent(action="mentor.submit", actor_id=None, at=start + datetime.timedelta(hours=1))]

    lines = history_in_words(events)

    assert [(line["label"], line["times"]) for line in lines] == [("Application saved", 12), ("Application sent", 1)]
    assert lines[0]["last_at"] == start + datetime.timedelta(minutes=11)


@pytest.mark.django_db
def test_the_mentor_review_page_shows_history_in_words(client, staff, scheme):
    from mentoring.models import Mentor
    from mentoring.services.mentors import mentor_application_save
    from tests.factories.mentoring import MentorFactory

    mentor = MentorFactory(scheme=scheme, status=Mentor.Status.DRAFT)
    for _ in range(3):
        mentor_application_save(mentor=mentor, by=mentor.user, motivation="To help colleagues")
    client.force_login(staff)

    page = client.get(reverse("admin:mentoring_mentor_review", args=[mentor.pk])).content.decode()

    assert "Application saved (3 times)" in page
    assert "mentor.application_save" not in page


@pytest.mark.django_db
def test_the_audit_list_shows_what_happened_in_words(client, staff, scheme):
    from tests.factories.mentoring import applicant

    applicant(scheme)
    AuditEvent.objects.create(action="mentor.verify", scheme=scheme, target_type="mentoring.mentor", target_id="1")
    client.force_login(staff)

    page = client.get(reverse("admin:accounts_auditevent_changelist")).content.decode()

    assert "Eligibility item verified" in page
