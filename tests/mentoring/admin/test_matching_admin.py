"""Staff match mentees in the admin: the waiting list with demand against places, suggestions for one
mentee, and the batch proposal accepted in whole or in part, always through mentorship_propose."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Mentee, Mentor, Mentorship
from mentoring.services.mentorships import mentorship_propose
from tests.factories.mentoring import MenteeFactory, MentorFactory
from tests.factories.schemes import SchemeMembershipFactory, practice


def a_mentor(scheme, last_name, **fields):
    fields.setdefault("offers_video", True)
    fields.setdefault("capacity", 2)
    return MentorFactory(scheme=scheme, user__last_name=last_name, user__first_name="Dr", **fields)


def a_mentee(scheme, last_name, weeks=1, **answers):
    registered_at = timezone.now() - datetime.timedelta(weeks=weeks)
    return MenteeFactory(
        scheme=scheme, user__last_name=last_name, user__first_name="Mentee", registered_at=registered_at, **answers
    )


def suggestions_url(mentee):
    return reverse("admin:mentoring_mentee_suggestions", args=[mentee.pk])


BATCH_URL = "/admin/mentoring/mentee/batch/"
LIST_URL = "/admin/mentoring/mentee/"


@pytest.mark.django_db
def test_the_waiting_list_shows_who_waits_since_when_and_places_against_demand(client, staff, scheme):
    a_mentee(scheme, "Waiting", weeks=3, is_gp_fellow=True, reasons=["workload", "change"])
    matched = a_mentee(scheme, "Matched")
    mentor = a_mentor(scheme, "Busy", capacity=3)
    a_mentor(scheme, "Resting", status=Mentor.Status.PAUSED)
    mentorship_propose(mentee=matched, mentor=mentor, by=staff)
    client.force_login(staff)

    response = client.get(LIST_URL)

    page = response.content.decode()
    assert [m.user.last_name for m in response.context["cl"].result_list] == ["Waiting"]
    assert "Workload, Change" in page and "Suggest mentors" in page
    assert response.context["demand_and_supply"] == [
        {"scheme": scheme, "waiting": 1, "mentors": 1, "places": 2, "short": 0}
    ]
    assert "Waiting against places" in page
    assert [m.user.last_name for m in client.get(LIST_URL, {"status": "all"}).context["cl"].result_list] == [
        "Waiting",
        "Matched",
    ]


@pytest.mark.django_db
def test_the_waiting_list_runs_a_fixed_number_of_queries(client, staff, scheme):
    client.force_login(staff)
    a_mentor(scheme, "Only")
    for n in range(3):
        a_mentee(scheme, f"First {n}", reasons=["workload"])
    client.get(LIST_URL)  # warm per-process caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST_URL)
    for n in range(25):
        a_mentee(scheme, f"More {n}", reasons=["change"], is_gp_fellow=n % 2 == 0)
        a_mentor(scheme, f"Mentor {n}")

    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST_URL)

    assert response.context["cl"].result_count == 28
    assert len(many) == len(few), [query["sql"] for query in many]


@pytest.mark.django_db
def test_suggestions_show_each_score_part_and_why_others_are_not_offered(client, staff, scheme):
    home = practice(code="F00001", pcn_code="U70000")
    mentee = a_mentee(scheme, "Jones", weeks=4, is_gp_fellow=True, reasons=["workload"], practice=home)
    a_mentor(scheme, "Well", focus_areas=["wellbeing"], capacity=3)
    a_mentor(scheme, "Neighbour", practice=practice(code="F00002", pcn_code="U70000"))
    client.force_login(staff)

    response = client.get(suggestions_url(mentee))

    page = response.content.decode()
    [suggestion] = response.context["ranking"].offered
    assert suggestion.mentor.user.last_name == "Well"
    assert (suggestion.score.focus, suggestion.score.capacity, suggestion.score.fellow) == (10, 3, 15)
    assert suggestion.score.waiting == 4 and suggestion.score.total == 32
    assert "<strong>32</strong>" in page
    assert "Works in the mentee&#x27;s own PCN" in page
    assert "Propose this mentor" in page


@pytest.mark.django_db
def test_proposing_a_suggested_mentor_goes_through_the_service(client, staff, scheme):
    mentee = a_mentee(scheme, "Jones")
    mentor = a_mentor(scheme, "Well")
    client.force_login(staff)

    response = client.post(suggestions_url(mentee), {"mentor": mentor.pk}, follow=True)

    assert "Proposed Dr Well to Mentee Jones. We have emailed the mentor." in response.content.decode()
    mentorship = Mentorship.objects.get(mentee=mentee)
    assert (mentorship.mentor, mentorship.status, mentorship.proposed_by) == (mentor, "proposed", staff)
    assert Mentee.objects.get(pk=mentee.pk).status == Mentee.Status.MATCHED


@pytest.mark.django_db
def test_proposing_an_excluded_mentor_says_why_and_changes_nothing(client, staff, scheme):
    surgery = practice(code="F10001", pcn_code="U71000")
    mentee = a_mentee(scheme, "Jones", practice=surgery)
    mentor = a_mentor(scheme, "Colleague", practice=surgery)
    client.force_login(staff)

    response = client.post(suggestions_url(mentee), {"mentor": mentor.pk}, follow=True)

    assert "The mentor works at the mentee&#x27;s own practice" in response.content.decode()
    assert not Mentorship.objects.exists()
    assert Mentee.objects.get(pk=mentee.pk).status == Mentee.Status.WAITING


@pytest.mark.django_db
def test_another_schemes_staff_cannot_see_or_match_this_schemes_mentee(client, other_staff, scheme, other_scheme):
    mentee = a_mentee(scheme, "Jones")
    mentor = a_mentor(scheme, "Well")
    a_mentor(other_scheme, "Theirs")
    client.force_login(other_staff)

    assert client.get(suggestions_url(mentee)).status_code == 404
    assert client.post(suggestions_url(mentee), {"mentor": mentor.pk}).status_code == 404
    assert client.get(BATCH_URL, {"scheme": scheme.pk}).status_code == 404
    response = client.post(BATCH_URL, {"scheme": scheme.pk, "pair": f"{mentee.pk}:{mentor.pk}"})
    assert response.status_code == 404
    assert client.get(BATCH_URL).context["pairs"] == []
    assert not Mentorship.objects.exists()


@pytest.mark.django_db
def test_the_batch_lists_the_best_assignment_all_ticked_and_proposes_them(client, staff, scheme):
    first = a_mentee(scheme, "First", weeks=5, reasons=["workload"])
    second = a_mentee(scheme, "Second", weeks=2, reasons=["career_options"])
    a_mentee(scheme, "Third", weeks=1, prefers_face_to_face=True)  # nobody offers face to face
    well = a_mentor(scheme, "Well", focus_areas=["wellbeing"], capacity=1)
    career = a_mentor(scheme, "Career", focus_areas=["career_planning"], capacity=1)
    client.force_login(staff)

    response = client.get(BATCH_URL)

    page = response.content.decode()
    pairs = [(pair.mentee, pair.mentor) for pair in response.context["pairs"]]
    assert pairs == [(first, well), (second, career)]
    assert page.count('name="pair"') == 2 and page.count("checked") == 2
    assert "2 of 3 waiting mentees can be matched now" in page

    response = client.post(
        BATCH_URL,
        {"scheme": scheme.pk, "pair": [f"{first.pk}:{well.pk}", f"{second.pk}:{career.pk}"]},
        follow=True,
    )

    assert "Proposed 2 matches." in response.content.decode()
    assert set(Mentorship.objects.values_list("mentee__user__last_name", "mentor__user__last_name", "status")) == {
        ("First", "Well", "proposed"),
        ("Second", "Career", "proposed"),
    }
    assert set(Mentee.objects.filter(status=Mentee.Status.MATCHED).values_list("user__last_name", flat=True)) == {
        "First",
        "Second",
    }


@pytest.mark.django_db
def test_staff_may_accept_only_some_of_the_batch(client, staff, scheme):
    first = a_mentee(scheme, "First", reasons=["workload"])
    a_mentee(scheme, "Second", reasons=["workload"])
    well = a_mentor(scheme, "Well", focus_areas=["wellbeing"], capacity=2)
    client.force_login(staff)

    response = client.post(BATCH_URL, {"scheme": scheme.pk, "pair": [f"{first.pk}:{well.pk}"]}, follow=True)

    assert "Proposed 1 match." in response.content.decode()
    assert list(Mentorship.objects.values_list("mentee", flat=True)) == [first.pk]
    assert [pair.mentee.user.last_name for pair in response.context["pairs"]] == ["Second"]


@pytest.mark.django_db
def test_if_someone_was_matched_meanwhile_the_batch_says_who_and_proposes_none(client, staff, scheme):
    first = a_mentee(scheme, "First", reasons=["workload"])
    second = a_mentee(scheme, "Second", reasons=["workload"])
    well = a_mentor(scheme, "Well", focus_areas=["wellbeing"], capacity=2)
    other = a_mentor(scheme, "Other", capacity=2)
    client.force_login(staff)
    ticked = [f"{first.pk}:{well.pk}", f"{second.pk}:{well.pk}"]
    mentorship_propose(mentee=second, mentor=other, by=staff)  # a colleague, in another tab

    response = client.post(BATCH_URL, {"scheme": scheme.pk, "pair": ticked}, follow=True)

    page = response.content.decode()
    assert "Nothing was proposed" in page
    assert "Mentee Second with Dr Well: The mentee is not waiting for a mentor" in page
    assert list(Mentorship.objects.values_list("mentee", "mentor")) == [(second.pk, other.pk)]
    assert Mentee.objects.get(pk=first.pk).status == Mentee.Status.WAITING


@pytest.mark.django_db
def test_staff_of_two_schemes_choose_which_batch_to_see(client, staff, scheme, other_scheme):
    SchemeMembershipFactory(scheme=other_scheme, user=staff)
    theirs = a_mentee(other_scheme, "Theirs")
    a_mentor(other_scheme, "There")
    client.force_login(staff)

    response = client.get(BATCH_URL, {"scheme": other_scheme.pk})

    assert '<select name="scheme"' in response.content.decode()
    assert [pair.mentee for pair in response.context["pairs"]] == [theirs]


@pytest.mark.django_db
def test_proposing_with_nothing_ticked_proposes_nothing(client, staff, scheme):
    a_mentee(scheme, "First")
    a_mentor(scheme, "Well")
    client.force_login(staff)

    response = client.post(BATCH_URL, {"scheme": scheme.pk}, follow=True)

    assert "No matches were ticked, so none were proposed." in response.content.decode()
    assert not Mentorship.objects.exists()


@pytest.mark.django_db
def test_a_matched_mentee_has_no_propose_buttons(client, staff, scheme):
    mentee = a_mentee(scheme, "Jones")
    mentorship_propose(mentee=mentee, mentor=a_mentor(scheme, "Well", capacity=3), by=staff)
    client.force_login(staff)

    page = client.get(suggestions_url(mentee)).content.decode()

    assert "is not waiting for a mentor, so no mentor can be proposed" in page
    assert "Propose this mentor" not in page
