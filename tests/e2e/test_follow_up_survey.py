"""Three months after mentoring ends, the mentee opens the link in the survey email (read from the outbox),
answers without signing in, and finds the link used on a second visit."""

import re

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import OutboundEmail
from surveys.dispatch import dispatch_sweep
from surveys.dispatch_models import SurveyDispatch
from surveys.models import Response
from tests.factories.surveys import completed_mentorship

pytestmark = pytest.mark.e2e


def test_the_mentee_answers_the_follow_up_survey_from_the_email_link(page, staff, scheme):
    mentorship = completed_mentorship(scheme, staff, ended_on=timezone.localdate() - relativedelta(months=3, days=1))
    dispatch_sweep()
    email = OutboundEmail.objects.get(kind="follow_up", to=mentorship.mentee.user.email)
    link = re.search(r"https?://[^/\s]+(/surveys/link/\S+)", email.body_text).group(1)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Three months on: your feedback on mentoring")
    page.get_by_role("group", name=re.compile("How much has mentoring helped you")).get_by_label(
        "A great deal", exact=True
    ).check()
    page.get_by_label("Reduced my hours", exact=True).check()
    page.get_by_role("group", name=re.compile("work-life balance now")).get_by_label("7", exact=True).check()
    page.get_by_role("group", name=re.compile("intend to leave the profession")).get_by_label("No", exact=True).check()
    page.get_by_role("group", name=re.compile("recommend mentoring")).get_by_label("Yes", exact=True).check()
    page.get_by_label(re.compile("anything else you would like to tell us")).fill("It helped me plan my week.")
    page.get_by_role("button", name="Submit").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    response = Response.objects.get(mentee=mentorship.mentee, code="follow_up")
    assert response.is_completed
    assert SurveyDispatch.objects.get(kind="follow_up").answered_at is not None

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has already been used")
    expect(page.locator("main")).not_to_contain_text(mentorship.mentee.user.email)
