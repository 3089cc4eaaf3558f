"""No browser or proxy keeps a copy of a page with personal data: every portal page says no-store.
A request body larger than any upload is refused before it is read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Mentee, Mentor, MentoringSession
from mentoring.services.mentorships import mentorship_accept, mentorship_propose
from mentoring.services.sessions import session_log
from surveys.services import response_import
from tests.mentoring.views.test_access_ends import PAGES


@pytest.fixture
def pair(scheme, staff, mentor, mentee):
    record = Mentee.objects.get(user=mentee)
    response_import(mentee=record, code="pss10", answers=[2] * 10, by=staff)
    mentorship = mentorship_propose(mentee=record, mentor=Mentor.objects.get(user=mentor), by=staff)
    mentorship_accept(mentorship=mentorship, by=mentor)
    session_log(
        mentorship=mentorship,
        by=mentor,
        held_on=timezone.localdate(),
        duration_minutes=60,
        mode="video",
        kind=MentoringSession.Kind.INTRODUCTORY,
    )
    return mentorship


def pages(mentorship):
    world = {
        "scheme": mentorship.scheme,
        "career": mentorship.scheme,
        "mentorship": mentorship,
        "session": mentorship.sessions.get(),
        "proposal": mentorship,
        "conversation": mentorship,
        "priya": mentorship.mentee,
        "nadia": mentorship.mentor,
        "nadia_facilitates": mentorship.mentor,
    }
    for name, args in PAGES.items():
        yield name, reverse(name, args=args(world))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["mentor", "mentee", "staff"])
def test_every_portal_page_says_no_store(client, pair, request, who):
    client.force_login(request.getfixturevalue(who))

    for name, url in pages(pair):
        response = client.get(url)
        if name == "mentoring:directory_photo" and response.status_code == 200:
            continue  # the published photo keeps its own short private cache
        assert "no-store" in response.get("Cache-Control", ""), f"{name} {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/", "/admin/mentoring/mentee/", "/accounts/login/", "/no-such-page/"])
def test_the_admin_sign_in_and_errors_say_no_store_too(client, staff, url):
    client.force_login(staff)

    assert "no-store" in client.get(url).get("Cache-Control", "")


@pytest.mark.django_db
def test_a_30_mb_upload_is_refused_before_it_is_read(client, scheme, mentor):
    client.force_login(mentor)
    photo = SimpleUploadedFile("me.jpg", b"\xff\xd8\xff" + b"\x00" * (30 * 1024 * 1024), content_type="image/jpeg")

    response = client.post(reverse("mentoring:mentor_profile", args=[scheme.slug]), {"photo": photo})

    assert response.status_code == 413
    assert "the limit is 8 MB" in response.content.decode()
