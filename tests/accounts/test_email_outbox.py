import smtplib
import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboundEmail
from accounts.services import email_outbox_sweep, email_queue, email_send
from config.celery import app


class RefusingBackend(BaseEmailBackend):
    """The edge of the world: a mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({})


@pytest.mark.django_db
def test_a_queued_email_is_sent_once(settings):
    email = email_queue(to="gp@practice.nhs.uk", subject="Your application", body_text="Thank you")

    assert email_send(email_id=email.pk) is True
    assert email_send(email_id=email.pk) is False

    assert [(m.to, m.subject) for m in mail.outbox] == [(["gp@practice.nhs.uk"], "Your application")]
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 1


@pytest.mark.django_db
def test_a_refused_email_is_kept_for_retry_without_the_address_in_the_log(settings, caplog):
    settings.EMAIL_BACKEND = "tests.accounts.test_email_outbox.RefusingBackend"
    email = email_queue(to="gp@practice.nhs.uk", subject="Hello", body_text="Hi")

    assert email_send(email_id=email.pk) is False

    email.refresh_from_db()
    assert (email.sent_at, email.attempts, email.last_error) == (None, 1, "SMTPRecipientsRefused")
    assert f"email {email.pk} not sent" in caplog.text
    assert "gp@practice.nhs.uk" not in caplog.text


@pytest.mark.django_db
def test_a_refused_email_is_retried_later_and_later(settings):
    settings.EMAIL_BACKEND = "tests.accounts.test_email_outbox.RefusingBackend"
    email = email_queue(to="gp@practice.nhs.uk", subject="Hello", body_text="Hi")

    waits = []
    for _ in range(3):
        before = timezone.now()
        email_send(email_id=email.pk)
        email.refresh_from_db()
        waits.append(round((email.next_attempt_at - before).total_seconds() / 60))

    assert waits == [2, 4, 8]


@pytest.mark.django_db
def test_sweep_claims_what_is_due_once_and_forgets_old_mail(django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setitem(app.conf, "task_always_eager", True)  # the worker's part runs here, in-process
    now = timezone.now()
    due = email_queue(to="a@nhs.uk", subject="s", body_text="b")
    not_yet = email_queue(to="b@nhs.uk", subject="s", body_text="b")
    old = email_queue(to="c@nhs.uk", subject="s", body_text="b")
    OutboundEmail.objects.filter(pk=due.pk).update(next_attempt_at=now - timedelta(minutes=1))
    OutboundEmail.objects.filter(pk=old.pk).update(sent_at=now, created_at=now - timedelta(days=31))

    with django_capture_on_commit_callbacks(execute=True):
        first = email_outbox_sweep(now=now)
    second = email_outbox_sweep(now=now + timedelta(minutes=1))

    assert first == [due.pk]
    assert second == []  # leased while a worker has it
    assert [m.to for m in mail.outbox] == [["a@nhs.uk"]]
    assert OutboundEmail.objects.get(pk=due.pk).sent_at is not None
    assert not OutboundEmail.objects.filter(pk=old.pk).exists()
    assert OutboundEmail.objects.filter(pk=not_yet.pk, sent_at__isnull=True).exists()


@pytest.mark.django_db
def test_signing_up_sends_a_verification_code_through_the_outbox(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "new.gp@practice.nhs.uk", "password1": "correct-horse-battery", "password2": "correct-horse-battery"},
    )

    assert response.status_code == 302
    email = OutboundEmail.objects.get(to="new.gp@practice.nhs.uk")
    assert "GP Mentoring: " in email.subject
    assert "_auth_user_id" not in client.session  # mandatory verification comes first


@pytest.mark.django_db
def test_account_emails_say_the_services_name(client, settings):
    settings.SITE_NAME = "Cheshire and Merseyside GP Mentoring"

    client.post(
        reverse("account_signup"),
        {"email": "new.gp@practice.nhs.uk", "password1": "correct-horse-battery", "password2": "correct-horse-battery"},
    )

    body = OutboundEmail.objects.get(to="new.gp@practice.nhs.uk").body_text
    assert "Hello from Cheshire and Merseyside GP Mentoring!" in body
    assert "Hello from !" not in body


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_sends_queued_mail_from_redis(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: make test and .ci/run set it")
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge("celery")

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        email = email_queue(to="mentor@practice.nhs.uk", subject="A new mentee", body_text="Please log in")
        for _ in range(100):
            email.refresh_from_db()
            if email.sent_at:
                break
            time.sleep(0.1)

    assert email.sent_at is not None
    assert [m.subject for m in mail.outbox] == ["A new mentee"]
