"""How many follow-up surveys a second the sweep sends: 10,000 due, through the sweep and the real worker
to the in-memory mail backend.

    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentoring_bench \\
        REDIS_URL=redis://127.0.0.1:6379/7 .venv/bin/python benchmarks/sweep.py

The worker is a separate consumer of Redis, so the rows must be committed: the script builds a throwaway
scheme of raw rows (bulk_create), and deletes everything it made at the end, even if a run fails. The timed
part starts when the sweep task is sent and ends when the outbox has delivered the last email; the sweep's
own part (every email written to the outbox) is reported too. Target: at least 200 surveys a second
(docs/performance.md); it exits non-zero below that.
"""

import json
import os
import sys
import time
import uuid
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from celery.contrib.testing.worker import start_worker  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import AuditEvent, OutboundEmail, User  # noqa: E402
from config.celery import app  # noqa: E402
from mentoring.models import Mentee, Mentor, Mentorship  # noqa: E402
from schemes.models import Organisation, Scheme  # noqa: E402
from surveys import tasks  # noqa: E402
from surveys.dispatch_models import SurveyDispatch  # noqa: E402

SURVEYS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
TARGET_PER_SECOND = 200
WORKER_THREADS = 2
UNUSABLE_PASSWORD = "!"  # noqa: S105 - marks a password nobody can use, as Django does


def build(tag):
    icb = Organisation.objects.create(kind="icb", code=f"QS{tag[:4]}", name=f"Benchmark ICB {tag}")
    scheme = Scheme.objects.create(name=f"Benchmark scheme {tag}", slug=f"sweep-{tag}", icb=icb)
    mentor_user = User.objects.create(email=f"mentor.{tag}@bench.nhs.uk", password=UNUSABLE_PASSWORD)
    mentor = Mentor.objects.create(
        user=mentor_user, scheme=scheme, status=Mentor.Status.ACTIVE, approved_on=timezone.localdate()
    )
    users = User.objects.bulk_create(
        (
            User(email=f"mentee{n}.{tag}@bench.nhs.uk", first_name=f"M{n}", password=UNUSABLE_PASSWORD)
            for n in range(SURVEYS)
        ),
        batch_size=2000,
    )
    mentees = Mentee.objects.bulk_create(
        (Mentee(user=user, scheme=scheme, status=Mentee.Status.FINISHED) for user in users), batch_size=2000
    )
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    Mentorship.objects.bulk_create(
        (
            Mentorship(
                scheme=scheme,
                mentee=mentee,
                mentor=mentor,
                status=Mentorship.Status.COMPLETED,
                allowance_hours=8,
                ended_on=yesterday - timezone.timedelta(days=92),
                follow_up_due_on=yesterday,
            )
            for mentee in mentees
        ),
        batch_size=2000,
    )
    return scheme


def clean_up(tag):
    scheme = Scheme.objects.filter(slug=f"sweep-{tag}").first()
    if scheme is None:
        return
    dispatches = SurveyDispatch.objects.filter(scheme=scheme)
    email_ids = list(dispatches.values_list("email_id", flat=True))
    AuditEvent.objects.filter(target_type="surveys.surveydispatch", scheme=scheme).delete()
    dispatches.delete()
    OutboundEmail.objects.filter(pk__in=email_ids).delete()
    Mentorship.objects.filter(scheme=scheme).delete()
    Mentee.objects.filter(scheme=scheme).delete()
    Mentor.objects.filter(scheme=scheme).delete()
    User.objects.filter(email__endswith=f".{tag}@bench.nhs.uk").delete()
    icb = scheme.icb
    scheme.delete()
    icb.delete()


def main():
    if not settings.REDIS_URL:
        print("Skipped the sweep benchmark: it runs the real worker, so it needs REDIS_URL.")
        return
    call_command("migrate", verbosity=0)
    tag = uuid.uuid4().hex[:8]
    try:
        scheme = build(tag)
        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge("celery")
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            start_worker(app, pool="threads", concurrency=WORKER_THREADS, perform_ping_check=False),
        ):
            mail.outbox = []
            mine = OutboundEmail.objects.filter(to__endswith=f".{tag}@bench.nhs.uk")
            started = time.perf_counter()
            tasks.dispatch_sweep.delay()
            swept = None
            while True:
                time.sleep(0.2)
                rows = SurveyDispatch.objects.filter(scheme=scheme)
                if swept is None and rows.filter(queued_at__isnull=False).count() == SURVEYS:
                    swept = time.perf_counter() - started
                if mine.filter(sent_at__isnull=False).count() == SURVEYS:
                    break
            total = time.perf_counter() - started
        delivered = sum(1 for message in mail.outbox if message.to[0].endswith(f".{tag}@bench.nhs.uk"))
        rate = SURVEYS / total
        print(f"{SURVEYS} follow-up surveys: swept into the outbox in {swept:.1f} s; delivered in {total:.1f} s")
        print(f"{rate:.0f} surveys per second end to end ({delivered} in the mail backend)")
        if os.environ.get("BENCH_RESULTS"):  # make bench gathers every benchmark's figures in one table
            Path(os.environ["BENCH_RESULTS"]).write_text(
                json.dumps({"surveys": SURVEYS, "swept_s": swept, "total_s": total, "per_second": rate})
            )
        if delivered != SURVEYS:
            sys.exit(f"expected {SURVEYS} emails, the backend has {delivered}")
        if rate < TARGET_PER_SECOND:
            sys.exit(f"below the target of {TARGET_PER_SECOND} a second")
    finally:
        clean_up(tag)


if __name__ == "__main__":
    main()
