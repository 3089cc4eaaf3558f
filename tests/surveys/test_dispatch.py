"""The sweep: which rows it makes from the source data, what it sends once, and what it leaves alone."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import AuditEvent, OutboundEmail
from accounts.services import email_send
from mentoring.models import Mentee, Mentorship
from mentoring.services.mentorships import mentorship_propose
from surveys.dispatch import dispatch_resend, dispatch_sweep
from surveys.dispatch_models import EmailTemplate, SurveyDispatch
from tests.factories.mentoring import MenteeFactory, MentorFactory, complete_application
from tests.factories.surveys import completed_mentorship
from tests.surveys.conftest import answered

TODAY = timezone.localdate
# impact, changes made, work-life balance now, intends to leave, would recommend, comments
FOLLOW_UP_ANSWERS = ["great_deal", [], 7, False, True, ""]


def deliver_outbox():
    """What the worker does with each queued email (the worker tests run the real one)."""
    for email_id in OutboundEmail.objects.filter(sent_at__isnull=True).values_list("pk", flat=True):
        email_send(email_id=email_id)


@pytest.mark.django_db
def test_a_mentorship_completed_three_months_and_a_day_ago_gets_the_survey_once(scheme, staff):
    due = completed_mentorship(scheme, staff, ended_on=TODAY() - relativedelta(months=3, days=1))
    completed_mentorship(scheme, staff, ended_on=TODAY() - relativedelta(months=2))

    first = dispatch_sweep()
    second = dispatch_sweep()
    deliver_outbox()

    assert [kind for _, kind in first.sent] == ["follow_up"]
    assert second.sent == []
    row = SurveyDispatch.objects.get(kind="follow_up")
    assert row.mentorship_id == due.pk and row.sent_at is not None and row.email.to == due.mentee.user.email
    follow_ups = [m for m in mail.outbox if "mentoring helped you" in m.subject]
    assert len(follow_ups) == 1
    assert "/surveys/link/" in follow_ups[0].body and "Priya" in follow_ups[0].body
    assert AuditEvent.objects.filter(action="dispatch.queue", target_id=str(row.pk)).exists()


@pytest.mark.django_db
def test_the_reminder_goes_once_fourteen_days_after_the_survey(scheme, staff):
    completed_mentorship(scheme, staff, ended_on=TODAY() - relativedelta(months=3, days=1))
    dispatch_sweep()
    deliver_outbox()
    sent_at = SurveyDispatch.objects.get(kind="follow_up").sent_at

    assert dispatch_sweep(now=sent_at + datetime.timedelta(days=13)).reminded == []
    assert len(dispatch_sweep(now=sent_at + datetime.timedelta(days=14, minutes=1)).reminded) == 1
    assert dispatch_sweep(now=sent_at + datetime.timedelta(days=30)).reminded == []

    assert OutboundEmail.objects.filter(kind="follow_up_reminder").count() == 1


@pytest.mark.django_db
def test_no_reminder_once_the_survey_is_answered(scheme, staff):
    mentorship = completed_mentorship(scheme, staff, ended_on=TODAY() - relativedelta(months=3, days=1))
    dispatch_sweep()
    deliver_outbox()
    answered(
        mentorship.mentee, "follow_up", FOLLOW_UP_ANSWERS, mentorship=mentorship
    )  # answered in the portal instead of through the link
    sent_at = SurveyDispatch.objects.get(kind="follow_up").sent_at

    result = dispatch_sweep(now=sent_at + datetime.timedelta(days=15))

    assert result.reminded == []
    assert not OutboundEmail.objects.filter(kind="follow_up_reminder").exists()
    assert SurveyDispatch.objects.get(kind="follow_up").answered_at is not None


@pytest.mark.django_db
def test_a_scheme_that_switched_the_survey_off_sends_none(scheme, staff):
    EmailTemplate.objects.filter(scheme=scheme, kind="follow_up").update(is_enabled=False)
    completed_mentorship(scheme, staff, ended_on=TODAY() - relativedelta(months=3, days=1))

    result = dispatch_sweep()

    assert result.sent == []
    assert SurveyDispatch.objects.get(kind="follow_up").skip_reason == "switched off by the scheme"
    assert not OutboundEmail.objects.filter(kind="follow_up").exists()


@pytest.mark.django_db
def test_a_withdrawn_mentee_is_not_sent_the_survey(scheme, staff):
    mentorship = completed_mentorship(scheme, staff, ended_on=TODAY() - relativedelta(months=3, days=1))
    Mentee.objects.filter(pk=mentorship.mentee_id).update(status=Mentee.Status.WITHDRAWN)

    assert dispatch_sweep().sent == []
    assert SurveyDispatch.objects.get(kind="follow_up").skip_reason == "mentee withdrawn"


@pytest.mark.django_db
def test_the_scheme_wording_is_used(scheme, staff):
    EmailTemplate.objects.filter(scheme=scheme, kind="follow_up").update(
        subject="Tell {scheme} how it went", body="Hello {first_name}: {link}"
    )
    completed_mentorship(scheme, staff, ended_on=TODAY() - relativedelta(months=3, days=1))

    dispatch_sweep()

    email = OutboundEmail.objects.get(kind="follow_up")
    assert email.subject == f"Tell {scheme.name} how it went"
    assert email.body_text.startswith("Hello Priya: http")


@pytest.mark.django_db
def test_a_held_final_review_sends_the_final_review_questionnaire(scheme, staff):
    from mentoring.services.sessions import session_log

    mentee = MenteeFactory(scheme=scheme, role="salaried_gp")
    mentor = MentorFactory(scheme=scheme, **complete_application())
    mentorship = mentorship_propose(mentee=mentee, mentor=mentor, by=staff)
    from mentoring.services.mentorships import mentorship_accept

    mentorship_accept(mentorship=mentorship, by=mentor.user)
    session_log(mentorship=mentorship, by=mentor.user, held_on=TODAY(), duration_minutes=60, mode="video")
    session_log(mentorship=mentorship, by=mentor.user, held_on=TODAY(), duration_minutes=60, mode="video", kind="final")

    result = dispatch_sweep()

    assert [kind for _, kind in result.sent] == ["final_review"]
    assert "/surveys/link/" in OutboundEmail.objects.get(kind="final_review").body_text


@pytest.mark.django_db
def test_a_mentee_who_has_not_answered_the_stress_questionnaire_in_a_week_is_reminded_once(scheme):
    late = MenteeFactory(scheme=scheme, role="salaried_gp")
    MenteeFactory(scheme=scheme, role="salaried_gp")  # registered today
    Mentee.objects.filter(pk=late.pk).update(registered_at=timezone.now() - datetime.timedelta(days=8))

    first, second = dispatch_sweep(), dispatch_sweep()

    assert [kind for _, kind in first.sent] == ["stress_reminder"] and second.sent == []
    assert OutboundEmail.objects.get(kind="stress_reminder").to == late.user.email


@pytest.mark.django_db
def test_a_mentor_is_reminded_of_a_proposal_after_five_of_seven_days(scheme, staff):
    mentee = MenteeFactory(scheme=scheme, role="salaried_gp")
    mentor = MentorFactory(scheme=scheme, **complete_application())
    proposal = mentorship_propose(mentee=mentee, mentor=mentor, by=staff)

    assert dispatch_sweep(now=proposal.proposed_at + datetime.timedelta(days=4)).sent == []
    result = dispatch_sweep(now=proposal.proposed_at + datetime.timedelta(days=5, minutes=1))

    assert [kind for _, kind in result.sent] == ["proposal_reminder"]
    email = OutboundEmail.objects.get(kind="proposal_reminder")
    assert email.to == mentor.user.email and "2 days left" in email.body_text


@pytest.mark.django_db
def test_a_reopened_mentorship_is_not_sent_the_survey(scheme, staff):
    mentorship = completed_mentorship(scheme, staff, ended_on=TODAY() - relativedelta(months=3, days=1))
    from surveys.dispatch import dispatch_rows_create

    dispatch_rows_create()
    Mentorship.objects.filter(pk=mentorship.pk).update(status=Mentorship.Status.ACTIVE)

    assert dispatch_sweep().sent == []
    assert SurveyDispatch.objects.get().skip_reason == "mentorship no longer completed"


@pytest.mark.django_db
def test_resend_refuses_an_email_that_did_not_fail(scheme, staff):
    from surveys.dispatch import DispatchRuleBroken

    completed_mentorship(scheme, staff, ended_on=TODAY() - relativedelta(months=3, days=1))
    dispatch_sweep()

    with pytest.raises(DispatchRuleBroken):
        dispatch_resend(dispatch=SurveyDispatch.objects.get(), by=staff)


@pytest.mark.django_db
def test_send_due_dry_run_lists_without_sending_then_sends(scheme, staff, capsys):
    completed_mentorship(scheme, staff, ended_on=TODAY() - relativedelta(months=3, days=1))

    call_command("send_due", "--dry-run")
    assert "would send follow_up (new)" in capsys.readouterr().out
    assert not SurveyDispatch.objects.exists() and not OutboundEmail.objects.filter(kind="follow_up").exists()

    call_command("send_due")
    out = capsys.readouterr().out
    row = SurveyDispatch.objects.get()
    assert f"sent follow_up (dispatch {row.pk})" in out
    assert "@" not in out  # ids and kinds only, never an address


@pytest.mark.django_db
def test_a_survey_answered_in_the_portal_counts_as_answered_at_the_next_sweep(scheme, staff):
    mentorship = completed_mentorship(scheme, staff, ended_on=TODAY() - relativedelta(months=3, days=1))
    dispatch_sweep()
    answered(mentorship.mentee, "follow_up", FOLLOW_UP_ANSWERS, mentorship=mentorship)

    dispatch_sweep()

    assert SurveyDispatch.objects.get(kind="follow_up").answered_at is not None
