"""A mentor rewrites their directory biography; staff review the change before mentees see it again."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from mentoring.models import Mentor
from mentoring.services.mentors import (
    MentorRuleBroken,
    mentor_biography_edit,
    mentor_biography_publish,
    mentor_biography_review,
)

TEXT = {
    "bio_about": "Partner in a rural practice, now mentoring newly qualified GPs.",
    "bio_why": "I had a mentor when I needed one.",
    "bio_availability": "Wednesday mornings",
    "bio_contact": "Email first",
}


def _published(mentor_user):
    mentor = Mentor.objects.get(user=mentor_user)
    mentor_biography_publish(mentor=mentor, by=mentor_user, publish=True)
    return mentor


@pytest.mark.django_db
def test_an_edit_takes_the_biography_out_of_the_directory_until_staff_publish_it(mentor, staff, scheme):
    record = _published(mentor)

    mentor_biography_edit(mentor=record, by=mentor, **TEXT)

    record.refresh_from_db()
    assert (record.bio_about, record.bio_published, record.bio_awaiting_review) == (TEXT["bio_about"], False, True)
    event = AuditEvent.objects.get(action="mentor.biography_change")
    assert event.detail["fields"] == sorted(TEXT)
    assert TEXT["bio_about"] not in str(event.detail)  # codes, never what they wrote

    with pytest.raises(MentorRuleBroken, match="waiting for the scheme team"):
        mentor_biography_publish(mentor=record, by=mentor, publish=True)

    mentor_biography_review(mentor=record, by=staff, publish=True)
    record.refresh_from_db()
    assert (record.bio_published, record.bio_awaiting_review) == (True, False)
    assert AuditEvent.objects.filter(action="mentor.biography_review", actor=staff).exists()


@pytest.mark.django_db
def test_a_mentor_cannot_review_their_own_biography_nor_one_with_nothing_to_review(mentor, staff):
    record = _published(mentor)
    with pytest.raises(MentorRuleBroken, match="no change waiting"):
        mentor_biography_review(mentor=record, by=staff, publish=True)

    mentor_biography_edit(mentor=record, by=mentor, **TEXT)
    with pytest.raises(MentorRuleBroken, match="Someone else"):
        mentor_biography_review(mentor=record, by=mentor, publish=True)


@pytest.mark.django_db
def test_an_empty_about_me_is_refused_and_changes_nothing(mentor):
    record = _published(mentor)
    before = record.bio_about

    with pytest.raises(MentorRuleBroken):
        mentor_biography_edit(mentor=record, by=mentor, **{**TEXT, "bio_about": "  "})

    record.refresh_from_db()
    assert (record.bio_about, record.bio_published) == (before, True)


@pytest.mark.django_db
def test_the_mentor_edits_their_biography_in_the_portal(client, mentor, scheme):
    _published(mentor)
    client.force_login(mentor)
    url = reverse("mentoring:mentor_profile_edit", args=[scheme.slug])

    page = client.get(url).content.decode()
    assert "Change your biography" in page

    response = client.post(url, TEXT, follow=True)

    page = response.content.decode()
    assert "The scheme team will review it" in page
    assert Mentor.objects.get(user=mentor).bio_why == TEXT["bio_why"]


@pytest.mark.django_db
def test_an_empty_about_me_in_the_portal_says_what_to_do(client, mentor, scheme):
    client.force_login(mentor)

    response = client.post(reverse("mentoring:mentor_profile_edit", args=[scheme.slug]), {**TEXT, "bio_about": ""})

    assert "Enter something about you for mentees to read" in response.content.decode()


@pytest.mark.django_db
def test_another_schemes_mentor_cannot_edit_this_schemes_biography(client, other_mentor, scheme):
    client.force_login(other_mentor)

    assert client.get(reverse("mentoring:mentor_profile_edit", args=[scheme.slug])).status_code == 404


@pytest.mark.django_db
def test_staff_publish_a_changed_biography_from_the_review_page(client, mentor, staff, scheme):
    record = _published(mentor)
    mentor_biography_edit(mentor=record, by=mentor, **TEXT)
    client.force_login(staff)
    url = reverse("admin:mentoring_mentor_review", args=[record.pk])

    assert "Biography changed: review it" in client.get(url).content.decode()
    client.post(url, {"action": "publish_biography"})

    record.refresh_from_db()
    assert (record.bio_published, record.bio_awaiting_review) == (True, False)


@pytest.mark.django_db
def test_the_staff_dashboard_counts_biography_changes_and_lists_them(client, mentor, staff, scheme):
    record = _published(mentor)
    mentor_biography_edit(mentor=record, by=mentor, **TEXT)
    client.force_login(staff)

    dashboard = client.get(reverse("admin:index")).content.decode()
    listed = client.get(reverse("admin:mentoring_mentor_changelist"), {"attention": "biography"}).content.decode()

    row = dashboard.split("Biography changes to review</a></th><td>")[1]
    assert row.startswith("1<")
    assert reverse("admin:mentoring_mentor_review", args=[record.pk]) in listed
