"""The mentor directory: published, active mentors of the user's own scheme, and nothing else."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from mentoring.models import Mentor
from mentoring.services.mentors import mentor_biography_publish
from tests.factories.mentoring import MenteeFactory, MentorFactory, complete_application


def listed(scheme, **profile):
    """An active mentor who consented to publish their biography."""
    return MentorFactory(
        scheme=scheme, status=Mentor.Status.ACTIVE, **complete_application(bio_published=True, **profile)
    )


def directory_url(scheme):
    return reverse("mentoring:directory", args=[scheme.slug])


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    return SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.django_db
def test_mentees_see_published_active_mentors_of_their_scheme_only(client, mentee, scheme, other_scheme):
    shown = listed(scheme, bio_about="Partner in Hoylake.", focus_areas=["leadership"])
    hidden = [
        MentorFactory(scheme=scheme, status=Mentor.Status.ACTIVE, **complete_application()),
        MentorFactory(scheme=scheme, status=Mentor.Status.PAUSED, **complete_application(bio_published=True)),
        MentorFactory(scheme=scheme, status=Mentor.Status.APPLIED, **complete_application(bio_published=True)),
        MentorFactory(scheme=scheme, status=Mentor.Status.LEFT, **complete_application(bio_published=True)),
        listed(other_scheme),
    ]
    client.force_login(mentee)

    response = client.get(directory_url(scheme))

    assert list(response.context["mentors"]) == [shown]
    page = response.content.decode()
    assert shown.user.get_full_name() in page and "Has space for new mentees" in page
    assert '<strong class="nhsuk-tag nhsuk-tag--white">Leadership</strong>' in page
    for mentor in hidden:
        assert client.get(reverse("mentoring:directory_mentor", args=[scheme.slug, mentor.pk])).status_code == 404


@pytest.mark.django_db
def test_the_directory_filters_by_focus_area_and_mode(client, mentee, scheme):
    leader = listed(scheme, focus_areas=["leadership"], offers_video=True)
    listed(scheme, focus_areas=["wellbeing"], offers_video=True)
    listed(scheme, focus_areas=["leadership"], offers_telephone=True)
    client.force_login(mentee)

    response = client.get(directory_url(scheme), {"focus_area": "leadership", "mode": "video"})

    assert list(response.context["mentors"]) == [leader]


@pytest.mark.django_db
def test_a_mentor_page_shows_their_biography(client, mentee, scheme):
    mentor = listed(scheme, bio_why="Someone did it for me.", bio_availability="Tuesday afternoons")
    client.force_login(mentee)

    page = client.get(reverse("mentoring:directory_mentor", args=[scheme.slug, mentor.pk])).content.decode()

    assert "Someone did it for me." in page and "Tuesday afternoons" in page
    assert mentor.practice.name in page and mentor.practice.parent.name in page


@pytest.mark.django_db
def test_withdrawing_consent_takes_a_mentor_out_of_the_directory(client, mentee, scheme):
    mentor = listed(scheme)
    client.force_login(mentee)

    mentor_biography_publish(mentor=mentor, by=mentor.user, publish=False)

    assert list(client.get(directory_url(scheme)).context["mentors"]) == []


@pytest.mark.django_db
def test_staff_browse_their_schemes_directory(client, staff, scheme):
    mentor = listed(scheme)
    client.force_login(staff)

    assert list(client.get(directory_url(scheme)).context["mentors"]) == [mentor]


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["other_staff", "other_mentor", "outsider", "commissioner", "approver"])
def test_people_outside_the_scheme_get_404(client, request, scheme, person):
    mentor = listed(scheme, photo=png())
    client.force_login(request.getfixturevalue(person))

    assert client.get(directory_url(scheme)).status_code == 404
    assert client.get(reverse("mentoring:directory_mentor", args=[scheme.slug, mentor.pk])).status_code == 404
    assert client.get(reverse("mentoring:directory_photo", args=[scheme.slug, mentor.pk])).status_code == 404


@pytest.mark.django_db
def test_photos_are_served_only_through_the_directory(client, mentee, scheme, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    mentor = listed(scheme, photo=png())
    client.force_login(mentee)

    response = client.get(reverse("mentoring:directory_photo", args=[scheme.slug, mentor.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert response["Cache-Control"] == "private, max-age=3600"
    assert mentor.photo.name.startswith("mentor-photos/") and "me.png" not in mentor.photo.name  # a random name


@pytest.mark.django_db
def test_directory_queries_do_not_grow_with_mentors(client, scheme, django_assert_max_num_queries):
    mentee = MenteeFactory(scheme=scheme).user
    listed(scheme, focus_areas=["leadership", "wellbeing"])
    client.force_login(mentee)
    client.get(directory_url(scheme))
    with django_assert_max_num_queries(20) as few:
        client.get(directory_url(scheme))
    for _ in range(15):
        listed(scheme, focus_areas=["leadership", "wellbeing"])

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(directory_url(scheme))

    assert len(response.context["mentors"]) == 16


@pytest.mark.django_db
def test_a_signed_out_visitor_is_told_why_the_directory_needs_them_to_sign_in(client, scheme):
    response = client.get(reverse("mentoring:directory", args=[scheme.slug]), follow=True)

    page = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "Sign in to see the mentor directory" in page
    assert "Mentors share their biographies only with their scheme" in page


@pytest.mark.django_db
def test_the_sign_in_page_says_nothing_of_the_directory_otherwise(client):
    assert "mentor directory" not in client.get(reverse("account_login")).content.decode()
