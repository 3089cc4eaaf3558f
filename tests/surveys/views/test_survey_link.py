"""The survey link: it opens the questionnaire without signing in, takes one set of answers, and refuses an
altered, expired or used link with a page that names nobody."""

import datetime
import re
import time

import pytest
from dateutil.relativedelta import relativedelta
from django.core import signing
from django.utils import timezone

from surveys.dispatch import dispatch_sweep
from surveys.dispatch_models import SurveyDispatch
from surveys.links import token_for
from surveys.models import Response
from tests.factories.surveys import completed_mentorship

ANSWERS = {
    "item_1": "great_deal",
    "item_2": ["reduce_hours"],
    "item_3": "7",
    "item_4": "no",
    "item_5": "yes",
    "item_6": "It helped me plan my week",
}


@pytest.fixture
def dispatch(scheme, staff):
    completed_mentorship(scheme, staff, ended_on=timezone.localdate() - relativedelta(months=3, days=1))
    dispatch_sweep()
    return SurveyDispatch.objects.select_related("mentee__user").get(kind="follow_up")


def link_path(dispatch):
    from accounts.models import OutboundEmail

    body = OutboundEmail.objects.get(pk=dispatch.email_id).body_text
    return re.search(r"https?://[^/\s]+(/surveys/link/\S+)", body).group(1)


def assert_names_nobody(page, dispatch):
    user = dispatch.mentee.user
    for personal in (user.email, user.first_name, user.last_name):
        assert personal not in page


@pytest.mark.django_db
def test_the_emailed_link_opens_the_follow_up_without_signing_in(client, dispatch):
    response = client.get(link_path(dispatch))

    assert response.status_code == 200
    assert "Three months on: your feedback on mentoring" in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_answers_are_taken_once_and_the_link_is_then_used(client, dispatch):
    path = link_path(dispatch)

    sent = client.post(path, {**ANSWERS, "submit": "Submit"})

    assert "Thank you" in sent.content.decode()
    response = Response.objects.get(mentee=dispatch.mentee, code="follow_up")
    assert response.is_completed and response.mentorship_id == dispatch.mentorship_id
    dispatch.refresh_from_db()
    assert dispatch.answered_at is not None
    again = client.get(path)
    assert again.status_code == 410
    assert "This link has already been used" in again.content.decode()
    assert_names_nobody(again.content.decode(), dispatch)
    resent = client.post(path, {**ANSWERS, "item_1": "not_at_all", "submit": "Submit"})
    assert resent.status_code == 410
    assert Response.objects.get(pk=response.pk).answers.get(item__number=1).value == "great_deal"


@pytest.mark.django_db
def test_missing_answers_are_shown_and_the_link_still_works(client, dispatch):
    response = client.post(link_path(dispatch), {"item_1": "great_deal", "submit": "Submit"})

    assert response.status_code == 200
    assert "Answer question 3" in response.content.decode()
    dispatch.refresh_from_db()
    assert dispatch.answered_at is None


@pytest.mark.django_db
def test_an_altered_link_is_refused_with_a_page_that_names_nobody(client, dispatch):
    token = token_for(dispatch.pk)
    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    other_row = token_for(dispatch.pk + 1)

    for token_ in (altered, other_row, "not-a-token"):
        response = client.get(f"/surveys/link/{token_}/")
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
        assert_names_nobody(response.content.decode(), dispatch)


@pytest.mark.django_db
def test_an_expired_link_is_refused(client, dispatch, monkeypatch):
    sixty_one_days_ago = time.time() - datetime.timedelta(days=61).total_seconds()
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: sixty_one_days_ago)
        old_token = token_for(dispatch.pk)

    response = client.get(f"/surveys/link/{old_token}/")

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert_names_nobody(response.content.decode(), dispatch)


@pytest.mark.django_db
def test_a_link_made_for_a_signing_salt_of_something_else_is_refused(client, dispatch):
    forged = signing.dumps({"d": dispatch.pk})  # signed with the site's key but not for survey links

    assert client.get(f"/surveys/link/{forged}/").status_code == 404


@pytest.mark.django_db
def test_link_pages_are_rate_limited(client, dispatch):
    for _ in range(30):
        client.get("/surveys/link/guess/")

    response = client.get(link_path(dispatch))

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


@pytest.mark.django_db
def test_the_link_points_at_the_services_address(scheme, staff, settings):
    settings.SITE_URL = "https://mentoring.example.nhs.uk/"
    completed_mentorship(scheme, staff, ended_on=timezone.localdate() - relativedelta(months=3, days=1))

    dispatch_sweep()

    from accounts.models import OutboundEmail

    assert "https://mentoring.example.nhs.uk/surveys/link/" in OutboundEmail.objects.get(kind="follow_up").body_text
