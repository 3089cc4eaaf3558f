"""Answers are seen by the mentee and their scheme's staff, and by the mentor only where the mentee chose
to share them and the two are matched."""

import pytest
from django.urls import reverse

from mentoring.models import Mentorship
from mentoring.services.mentees import mentee_update
from surveys.selectors import responses_visible_to
from surveys.services import response_start
from tests.surveys.conftest import HIGH_STRESS, answered, match


@pytest.fixture
def sent(mentee_record):
    return answered(mentee_record, "pss10", HIGH_STRESS)


def answers_page(client, person, mentee_record):
    client.force_login(person)
    return client.get(reverse("surveys:answers", args=[mentee_record.pk]))


def shares(mentee_record):
    mentee_update(mentee=mentee_record, by=mentee_record.user, shares_questionnaires_with_mentor=True)


@pytest.mark.django_db
def test_the_mentee_sees_their_answers(client, mentee, mentee_record, sent):
    page = answers_page(client, mentee, mentee_record)
    assert page.status_code == 200
    assert "Score: 33 (high)" in page.content.decode()
    assert list(responses_visible_to(mentee, mentee_record)) == [sent]


@pytest.mark.django_db
def test_staff_of_the_scheme_see_the_answers(client, staff, mentee_record, sent):
    page = answers_page(client, staff, mentee_record).content.decode()
    assert "been upset because of something that happened unexpectedly" in page and "Fairly often" in page


@pytest.mark.django_db
def test_another_schemes_staff_get_a_404(client, other_staff, mentee_record, sent):
    assert answers_page(client, other_staff, mentee_record).status_code == 404
    assert not responses_visible_to(other_staff, mentee_record).exists()


@pytest.mark.django_db
def test_a_matched_mentor_without_the_mentees_consent_gets_a_404(
    client, mentor, mentee_record, mentor_record, staff, sent
):
    match(mentee_record, mentor_record, staff)
    assert answers_page(client, mentor, mentee_record).status_code == 404


@pytest.mark.django_db
def test_a_mentor_with_consent_but_no_match_gets_a_404(client, mentor, mentee_record, sent):
    shares(mentee_record)
    assert answers_page(client, mentor, mentee_record).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("completed", [False, True])
def test_a_matched_mentor_with_consent_sees_sent_answers_only(
    client, mentor, mentee_record, mentor_record, staff, sent, completed
):
    shares(mentee_record)
    match(mentee_record, mentor_record, staff, completed=completed)
    response_start(mentee=mentee_record, code="wlb", by=mentee_record.user)  # begun, not sent

    page = answers_page(client, mentor, mentee_record)

    assert page.status_code == 200
    assert "Score: 33 (high)" in page.content.decode()
    assert list(responses_visible_to(mentor, mentee_record)) == [sent]


@pytest.mark.django_db
def test_a_mentor_whose_match_was_withdrawn_no_longer_sees_them(
    client, mentor, mentee_record, mentor_record, staff, sent
):
    shares(mentee_record)
    mentorship = match(mentee_record, mentor_record, staff)
    Mentorship.objects.filter(pk=mentorship.pk).update(status=Mentorship.Status.WITHDRAWN)

    assert answers_page(client, mentor, mentee_record).status_code == 404


@pytest.mark.django_db
def test_outsiders_get_a_404(client, outsider, mentee_record, sent):
    assert answers_page(client, outsider, mentee_record).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("chosen_by_mentee", [False, True])
def test_a_mentor_only_asked_or_requested_does_not_see_shared_answers(
    client, mentor, mentee_record, mentor_record, staff, sent, chosen_by_mentee
):
    from mentoring.services.mentorships import mentorship_propose

    shares(mentee_record)
    mentorship_propose(mentee=mentee_record, mentor=mentor_record, by=staff, chosen_by_mentee=chosen_by_mentee)

    assert answers_page(client, mentor, mentee_record).status_code == 404
    assert list(responses_visible_to(mentor, mentee_record)) == []


@pytest.mark.django_db
def test_the_answers_page_is_headed_with_the_mentees_name_not_their_email(
    client, mentor, mentee_record, mentor_record, staff, sent
):
    shares(mentee_record)
    match(mentee_record, mentor_record, staff)

    page = answers_page(client, mentor, mentee_record).content.decode()

    assert f'<h1 class="nhsuk-heading-l">{mentee_record.user.get_full_name()}</h1>' in page
    assert mentee_record.user.email not in page
