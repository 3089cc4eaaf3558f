"""The sweep with the real parts: a Celery worker consuming from Redis (never eager), PostgreSQL, and a
mail server on a loopback port. These show what "exactly once" has to survive: concurrent sweeps,
a worker killed part way, a mail server that refuses, and Redis going away."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboundEmail
from accounts.services import EMAIL_MAX_ATTEMPTS, email_outbox_sweep
from config.celery import app
from mentoring.models import Mentee, Mentorship
from mentoring.services.sessions import mentorship_complete
from surveys import tasks
from surveys.dispatch_models import SurveyDispatch
from tests.factories.surveys import completed_mentorship, due_follow_ups_in_bulk
from tests.smtp_server import MailServer

ROOT = Path(__file__).resolve().parents[2]
TODAY = timezone.localdate

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _needs_redis(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: make test and .ci/run set it")
    _purge()


def _purge():
    with app.connection_for_write() as connection_:
        connection_.default_channel.queue_purge("celery")


def wait_for(check, *, timeout=60, every=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(every)
    raise AssertionError(f"gave up waiting after {timeout}s")


def three_months_and_a_day_ago():
    return TODAY() - relativedelta(months=3, days=1)


def test_two_sweeps_at_once_send_one_survey_and_none_for_two_months_ago(scheme, staff):
    due = completed_mentorship(scheme, staff, ended_on=three_months_and_a_day_ago())
    completed_mentorship(scheme, staff, ended_on=TODAY() - relativedelta(months=2))

    with start_worker(app, pool="threads", concurrency=2, perform_ping_check=False, shutdown_timeout=10):
        tasks.dispatch_sweep.delay()
        tasks.dispatch_sweep.delay()
        wait_for(lambda: SurveyDispatch.objects.filter(sent_at__isnull=False).exists())
        time.sleep(1)  # room for a second email, were there one

    follow_ups = [message for message in mail.outbox if "mentoring helped you" in message.subject]
    assert [message.to for message in follow_ups] == [[due.mentee.user.email]]
    assert OutboundEmail.objects.filter(kind="follow_up").count() == 1
    assert list(SurveyDispatch.objects.values_list("kind", "mentorship_id")) == [("follow_up", due.pk)]


def test_the_reminder_goes_once_fourteen_days_on_and_not_after_an_answer(scheme, staff):
    from surveys.dispatch import dispatch_sweep
    from tests.surveys.conftest import answered
    from tests.surveys.test_dispatch import FOLLOW_UP_ANSWERS

    waiting = completed_mentorship(scheme, staff, ended_on=three_months_and_a_day_ago())
    replied = completed_mentorship(scheme, staff, ended_on=three_months_and_a_day_ago())
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        tasks.dispatch_sweep.delay()
        wait_for(lambda: SurveyDispatch.objects.filter(sent_at__isnull=False).count() == 2)
        answered(replied.mentee, "follow_up", FOLLOW_UP_ANSWERS, mentorship=replied)
        sent_at = max(SurveyDispatch.objects.values_list("sent_at", flat=True))

        assert dispatch_sweep(now=sent_at + timedelta(days=13)).reminded == []
        fortnight = dispatch_sweep(now=sent_at + timedelta(days=14, minutes=1))
        later = dispatch_sweep(now=sent_at + timedelta(days=20))
        wait_for(lambda: OutboundEmail.objects.filter(kind="follow_up_reminder", sent_at__isnull=False).exists())

    assert [row for row, _ in fortnight.reminded] == [SurveyDispatch.objects.get(mentorship=waiting).pk]
    assert later.reminded == []
    reminders = [message for message in mail.outbox if message.subject.startswith("Reminder")]
    assert [message.to for message in reminders] == [[waiting.mentee.user.email]]


def test_a_mail_server_that_refuses_leaves_rows_failed_then_resend_sends_once(scheme, staff, client, settings):
    first = completed_mentorship(scheme, staff, ended_on=three_months_and_a_day_ago())
    second = completed_mentorship(scheme, staff, ended_on=three_months_and_a_day_ago())
    with MailServer() as server:
        server.refuse_with = 554
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            tasks.dispatch_sweep.delay()
            wait_for(lambda: OutboundEmail.objects.filter(kind="follow_up", attempts=1).count() == 2)
            # The outbox backs off for hours between attempts; its sweep is run at those later times.
            for attempt in range(2, EMAIL_MAX_ATTEMPTS + 1):
                email_outbox_sweep(now=timezone.now() + timedelta(days=attempt))
                wait_for(lambda n=attempt: OutboundEmail.objects.filter(kind="follow_up", attempts=n).count() == 2)
            wait_for(lambda: SurveyDispatch.objects.filter(failed_at__isnull=False).count() == 2)

            rows = SurveyDispatch.objects.order_by("pk")
            assert [(row.failure_reason, row.sent_at) for row in rows] == [("SMTPDataError 554", None)] * 2
            assert server.messages == []

            server.refuse_with = None
            client.force_login(staff)
            response = client.post(
                reverse("admin:surveys_surveydispatch_changelist"),
                {"action": "send_again", "_selected_action": [row.pk for row in rows]},
                follow=True,
            )
            assert "2 sent again." in response.content.decode()
            wait_for(lambda: SurveyDispatch.objects.filter(sent_at__isnull=False).count() == 2)
            time.sleep(0.5)

    assert sorted(message["To"] for message in server.messages) == sorted(
        [first.mentee.user.email, second.mentee.user.email]
    )
    assert SurveyDispatch.objects.filter(failed_at__isnull=True, sent_at__isnull=False).count() == 2


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _worker_process(env):
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=WARNING",
         "-n", f"killable-{time.monotonic_ns()}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def test_a_worker_killed_mid_sweep_and_restarted_sends_each_of_500_once(scheme, settings):
    due_follow_ups_in_bulk(scheme, 500)
    database = connection.settings_dict
    with MailServer() as server:
        env = {
            **os.environ,
            "DEBUG": "true",
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
            "REDIS_URL": settings.REDIS_URL,
            "EMAIL_URL": f"smtp://127.0.0.1:{server.port}",
            "SURVEY_SWEEP_BATCH": "10",  # many short transactions, so the kill lands between two of them
        }
        worker = _worker_process(env)
        try:
            tasks.dispatch_sweep.delay()
            wait_for(lambda: SurveyDispatch.objects.filter(queued_at__isnull=False).exists(), timeout=90, every=0.01)
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
            queued_when_killed = SurveyDispatch.objects.filter(queued_at__isnull=False).count()
            assert 0 < queued_when_killed < 500  # killed in the middle, not after

            worker = _worker_process(env)
            tasks.dispatch_sweep.delay()  # what the beat does every 15 minutes
            wait_for(lambda: SurveyDispatch.objects.filter(queued_at__isnull=False).count() == 500, timeout=120)
            email_outbox_sweep(now=timezone.now() + timedelta(minutes=5))  # the outbox's own sweep, a minute on
            wait_for(lambda: OutboundEmail.objects.filter(sent_at__isnull=False).count() == 500, timeout=120)
            time.sleep(1)
        finally:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)

    rows = SurveyDispatch.objects.all()
    assert rows.count() == 500 and rows.filter(sent_at__isnull=False).count() == 500
    assert OutboundEmail.objects.count() == 500
    assert OutboundEmail.objects.values("to").distinct().count() == 500
    assert set(rows.values_list("email_id", flat=True)) == set(OutboundEmail.objects.values_list("pk", flat=True))
    received = [message["To"] for message in server.messages]
    assert len(received) == 500 and len(set(received)) == 500


@contextmanager
def broker_at(url):
    """Point this process's Celery app (and the worker started in it) at another Redis."""
    before = app.conf.broker_url
    app.conf.broker_url = url
    app._after_fork()
    try:
        yield
    finally:
        app.conf.broker_url = before
        app._after_fork()


def _redis_server(port):
    return subprocess.Popen(
        [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )


def test_with_redis_stopped_completing_still_records_the_due_date_and_the_sweep_sends_it_later(scheme, staff):
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is missing: .ci/run installs it")
    port = _free_port()
    mentorship = completed_mentorship(scheme, staff, ended_on=TODAY() - relativedelta(months=4))
    # Reopen it as it stood before its final review, then complete it with the broker gone.
    Mentorship.objects.filter(pk=mentorship.pk).update(status=Mentorship.Status.ACTIVE, follow_up_due_on=None)
    Mentee.objects.filter(pk=mentorship.mentee_id).update(status=Mentee.Status.MATCHED)
    mentorship.refresh_from_db()
    with broker_at(f"redis://127.0.0.1:{port}/0"):
        redis = _redis_server(port)
        redis.terminate()
        redis.wait(timeout=10)

        mentorship_complete(mentorship=mentorship, by=staff, ended_on=three_months_and_a_day_ago())

        mentorship.refresh_from_db()
        assert mentorship.status == Mentorship.Status.COMPLETED
        assert mentorship.follow_up_due_on == TODAY() - timedelta(days=1)

        redis = _redis_server(port)
        try:
            wait_for(lambda: _answers(port), timeout=10)
            with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
                tasks.dispatch_sweep.delay()
                wait_for(lambda: SurveyDispatch.objects.filter(sent_at__isnull=False).count() == 1)
        finally:
            redis.terminate()
            redis.wait(timeout=10)

    assert [message.to for message in mail.outbox if "mentoring helped" in message.subject] == [
        [mentorship.mentee.user.email]
    ]


def _answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as probe:
            probe.sendall(b"PING\r\n")
            return probe.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def test_sweeps_racing_in_many_threads_write_each_of_300_to_the_outbox_once(scheme, settings):
    import threading

    from django.db import connections

    from surveys.dispatch import dispatch_sweep

    settings.SURVEY_SWEEP_BATCH = 7  # many small batches, so the sweeps interleave
    due_follow_ups_in_bulk(scheme, 300)
    start = threading.Barrier(4)
    results = []

    def sweep():
        start.wait()
        try:
            results.append(dispatch_sweep())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    sent = [dispatch_id for result in results for dispatch_id, _ in result.sent]
    assert len(results) == 4 and len(sent) == 300 and len(set(sent)) == 300
    assert sum(1 for result in results if result.sent) > 1  # they really shared the work
    assert SurveyDispatch.objects.count() == 300
    assert OutboundEmail.objects.filter(kind="follow_up").count() == 300
    assert OutboundEmail.objects.values("to").distinct().count() == 300
