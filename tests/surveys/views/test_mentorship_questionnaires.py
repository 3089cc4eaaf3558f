"""The final review and the follow-up are about a mentorship: each opens to the mentee only when their
mentorship is in the state that asks for it (completed; completed and its follow-up date come), and the
answers are linked to that mentorship."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Mentorship
from surveys.models import Response
from surveys.selectors import mentorship_asks
from tests.surveys.conftest import match

FOLLOW_UP_ANSWERS = {
    "item_1": "great_deal",
    "item_2": ["reduce_hours"],
    "item_3": "7",
    "item_4": "no",
    "item_5": "yes",
    "item_6": "Thank you.",
    "submit": "1",
}


def respond_url(mentee_record, code):
    return reverse("surveys:respond", args=[mentee_record.pk, code])


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["final_review", "follow_up"])
@pytest.mark.parametrize("state", ["not matched", "proposed", "accepted"])
def test_the_questionnaires_about_a_mentorship_are_closed_before_it_ends(
    client, mentee, mentee_record, mentor_record, staff, code, state
):
    if state != "not matched":
        match(mentee_record, mentor_record, staff, accepted=state == "accepted")
    client.force_login(mentee)

    assert client.get(respond_url(mentee_record, code)).status_code == 404
    assert client.post(respond_url(mentee_record, code), FOLLOW_UP_ANSWERS).status_code == 404
    assert not Response.objects.filter(code=code).exists()


@pytest.mark.django_db
def test_the_final_review_opens_when_the_mentorship_completes_and_the_follow_up_when_it_falls_due(
    client, mentee, mentee_record, mentor_record, staff
):
    mentorship = match(mentee_record, mentor_record, staff, completed=True)
    due = timezone.localdate() + datetime.timedelta(days=30)
    Mentorship.objects.filter(pk=mentorship.pk).update(ended_on=timezone.localdate(), follow_up_due_on=due)
    client.force_login(mentee)

    assert client.get(respond_url(mentee_record, "final_review")).status_code == 200
    assert client.get(respond_url(mentee_record, "follow_up")).status_code == 404
    assert not mentorship_asks(mentorship, "follow_up")

    Mentorship.objects.filter(pk=mentorship.pk).update(follow_up_due_on=timezone.localdate())
    assert mentorship_asks(mentorship, "follow_up")
    sent = client.post(respond_url(mentee_record, "follow_up"), FOLLOW_UP_ANSWERS, follow=True)

    assert sent.status_code == 200
    response = Response.objects.get(code="follow_up")
    assert response.mentorship_id == mentorship.pk and response.completed_at is not None


@pytest.mark.django_db
def test_the_follow_up_stays_closed_after_a_withdrawn_mentorship(client, mentee, mentee_record, mentor_record, staff):
    mentorship = match(mentee_record, mentor_record, staff)
    Mentorship.objects.filter(pk=mentorship.pk).update(
        status=Mentorship.Status.WITHDRAWN, follow_up_due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(mentee)

    assert client.get(respond_url(mentee_record, "follow_up")).status_code == 404
