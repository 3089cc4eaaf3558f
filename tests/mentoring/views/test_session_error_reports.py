"""No error report carries a confidential note: not the debug page (even with DEBUG on), not the mail to
ADMINS, not the logs, whether the error happens in the logging view or deep inside the service."""

import logging
import sys

import pytest
from django.core import mail
from django.test import Client
from django.views.debug import ExceptionReporter

from mentoring.models import MentoringSession
from mentoring.services import sessions as session_services
from tests.mentoring.views.test_sessions import NOTES, log_form, log_url, paired


@pytest.fixture
def mentorship(mentor, mentee):
    return paired(mentor, mentee)


@pytest.fixture
def crashing_service(monkeypatch):
    """An error inside session_log, after the session row is written and the notes are in its locals."""

    def audit_fails(**kwargs):
        raise RuntimeError("the audit table is locked")

    monkeypatch.setattr(session_services, "audit", audit_fails)


def post_the_log(mentor, mentorship):
    client = Client(raise_request_exception=False)
    client.force_login(mentor)
    return client.post(log_url(mentorship), log_form(kind="introductory"))


@pytest.mark.django_db
def test_the_debug_page_shows_no_note(settings, mentor, mentorship, crashing_service):
    settings.DEBUG = True

    response = post_the_log(mentor, mentorship)

    page = response.content.decode()
    assert response.status_code == 500 and "the audit table is locked" in page  # the real debug page
    assert NOTES not in page and "insomnia" not in page
    assert not MentoringSession.objects.exists()  # the transaction rolled back


@pytest.mark.django_db
def test_the_mail_to_admins_and_the_logs_carry_no_note(settings, mentor, mentorship, crashing_service, caplog):
    settings.ADMINS = [("Service team", "service-team@mentoring.nhs.example")]
    caplog.set_level(logging.ERROR, logger="django.request")

    response = post_the_log(mentor, mentorship)

    assert response.status_code == 500
    assert len(mail.outbox) == 1 and "the audit table is locked" in mail.outbox[0].body
    reports = [mail.outbox[0].body, *(content for content, _ in mail.outbox[0].alternatives)]
    logged = [record.getMessage() + (record.exc_text or "") for record in caplog.records] + [caplog.text]
    for text in reports + logged:
        assert NOTES not in text and "insomnia" not in text


@pytest.mark.django_db
def test_the_services_own_frames_hide_the_note_whoever_calls_it(mentor, mentorship, crashing_service):
    """A task or command calling the service has no view decorator above it: the service covers itself."""
    try:
        session_services.session_log(
            mentorship=mentorship,
            by=mentor,
            held_on=mentorship.responded_at.date(),
            duration_minutes=60,
            mode="video",
            confidential_notes=NOTES,
        )
    except RuntimeError:
        report = ExceptionReporter(None, *sys.exc_info()).get_traceback_html()  # with every frame's locals
    else:
        pytest.fail("the service did not fail")

    assert "the audit table is locked" in report
    assert NOTES not in report  # (the report quotes this file's source lines, so only the whole note is sought)


def _report_of(call):
    try:
        call()
    except RuntimeError:
        return ExceptionReporter(None, *sys.exc_info()).get_traceback_html()
    pytest.fail("the service did not fail")


@pytest.mark.django_db
def test_a_failure_deep_in_the_model_shows_no_note_in_any_frame(monkeypatch, mentor, mentorship):
    """Below the service the note travels as **kwargs (QuerySet.create, the model's __init__ and save)."""

    def save_fails(self, *args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(MentoringSession, "save", save_fails)

    report = _report_of(
        lambda: session_services.session_log(
            mentorship=mentorship,
            by=mentor,
            held_on=mentorship.responded_at.date(),
            duration_minutes=60,
            mode="video",
            kind="introductory",
            confidential_notes=NOTES,
        )
    )

    assert "the disk is full" in report
    assert NOTES not in report


@pytest.mark.django_db
def test_a_failing_correction_shows_no_note(mentor, mentorship, crashing_service, monkeypatch):
    monkeypatch.undo()
    logged = session_services.session_log(
        mentorship=mentorship,
        by=mentor,
        held_on=mentorship.responded_at.date(),
        duration_minutes=60,
        mode="video",
        kind="introductory",
    )

    def audit_fails(**kwargs):
        raise RuntimeError("the audit table is locked")

    monkeypatch.setattr(session_services, "audit", audit_fails)

    report = _report_of(
        lambda: session_services.session_correct(session=logged.session, by=mentor, confidential_notes=NOTES)
    )

    assert "the audit table is locked" in report
    assert NOTES not in report
