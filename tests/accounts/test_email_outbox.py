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
def test_sweep_retries_old_unsent_mail_and_forgets_mail_sent_a_month_ago():
    now = timezone.now()
    stuck = email_queue(to="a@nhs.uk", subject="s", body_text="b")
    fresh = email_queue(to="b@nhs.uk", subject="s", body_text="b")
    old_sent = email_queue(to="c@nhs.uk", subject="s", body_text="b")
    OutboundEmail.objects.filter(pk=stuck.pk).update(created_at=now - timedelta(minutes=5))
    OutboundEmail.objects.filter(pk=old_sent.pk).update(sent_at=now - timedelta(days=31))

    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge("celery")
    assert email_outbox_sweep(now=now) == 1

    assert not OutboundEmail.objects.filter(pk=old_sent.pk).exists()
    assert OutboundEmail.objects.filter(pk=fresh.pk, sent_at__isnull=True).exists()


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


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
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
