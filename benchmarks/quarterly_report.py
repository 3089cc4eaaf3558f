"""How long the commissioners' quarterly report takes on a national-size dataset, beside its bare SQL.

    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentoring_reporting \
        .venv/bin/python benchmarks/quarterly_report.py [--dataset]

With --dataset (as make bench runs it) it reads the dataset generate_dataset wrote: the scheme with the
most mentees, and every scheme, for the last whole quarter. Without it, it builds 42 schemes (one per
ICB) of raw rows (bulk_create: 30 mentors and 240 mentees each, about 10,000 mentees in all, with stress
and work-life balance questionnaires, final reviews and follow-up surveys for some) inside one
transaction that is rolled back at the end. Then, for one scheme and for all of them, it times:

- the report's data: every table, counted by the database and laid out by pandas, with disclosure
  control applied (reporting.quarterly.quarterly_report + published);
- its bare SQL: the very SQL statements the report ran (captured), run again straight on the cursor,
  with nothing built from the rows. The ratio of the two is the cost of everything that is not SQL;
- the PDF (reporting.outputs.pdf.quarterly_pdf).

Targets (docs/performance.md): one scheme's data within 1.5x of its bare SQL and under 2 s; the PDF
under 5 s; all schemes under 30 s. Exits non-zero if a target is missed.
"""

import json
import os
import random
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from mentoring.codes import AgeBand, ChangeConsidered, Ethnicity, Gender, MenteeRole, Reason  # noqa: E402
from mentoring.models import Mentee, Mentor  # noqa: E402
from reporting import periods, quarterly  # noqa: E402
from reporting.outputs import pdf  # noqa: E402
from schemes.models import Organisation, Scheme  # noqa: E402
from surveys.models import Answer, Item, Questionnaire, Response  # noqa: E402

SCHEMES, MENTORS, MENTEES = 42, 30, 240
RUNS = 3
TARGETS = {"one scheme data": 2.0, "one scheme PDF": 5.0, "all schemes data and PDF": 30.0}
RATIO_TARGET = 1.5


class _RollBack(Exception):
    pass


def build(rng, now):
    tag = uuid.uuid4().hex[:6]
    schemes = []
    for number in range(SCHEMES):
        icb = Organisation.objects.create(kind="icb", code=f"B{tag[:3]}{number:02d}", name=f"Benchmark ICB {number}")
        schemes.append(
            Scheme.objects.create(name=f"Benchmark scheme {number:02d}", slug=f"bench-{tag}-{number}", icb=icb)
        )
    users = User.objects.bulk_create(
        User(email=f"bench-{tag}-{n}@example.nhs.uk", first_name="Bench", last_name=f"{n:06d}")
        for n in range(SCHEMES * (MENTORS + MENTEES))
    )
    users = iter(users)
    mentors, mentees = [], []
    for scheme in schemes:
        for _ in range(MENTORS):
            mentors.append(
                Mentor(
                    user=next(users),
                    scheme=scheme,
                    status=Mentor.Status.ACTIVE,
                    approved_on=(now - timedelta(days=rng.randint(30, 700))).date(),
                    capacity=rng.randint(4, 8),
                    clinical_sessions_per_week=rng.randint(3, 8),
                    gender=rng.choice(Gender.values),
                    age_band=rng.choice(AgeBand.values),
                )  # fmt: skip
            )
        for _ in range(MENTEES):
            mentees.append(
                Mentee(
                    user=next(users),
                    scheme=scheme,
                    registered_at=now - timedelta(days=rng.randint(0, 700)),
                    role=rng.choice(MenteeRole.values),
                    age_band=rng.choice(AgeBand.values),
                    gender=rng.choice(Gender.values),
                    ethnicity=rng.choice(Ethnicity.values),
                    reasons=rng.sample(Reason.values, rng.randint(1, 3)),
                    changes_considered=rng.sample(ChangeConsidered.values, rng.randint(0, 2)),
                    intends_to_leave=rng.random() < 0.3,
                )  # fmt: skip
            )
    Mentor.objects.bulk_create(mentors)
    mentees = Mentee.objects.bulk_create(mentees)
    questionnaires = {q.code: q for q in Questionnaire.objects.filter(is_current=True)}
    items = {(item.questionnaire.code, item.code): item for item in Item.objects.filter(questionnaire__is_current=True)}
    responses, answers = [], []

    def respond(code, mentee, **extra):
        response = Response(
            questionnaire=questionnaires[code],
            code=code,
            mentee=mentee,
            scheme_id=mentee.scheme_id,
            completed_at=now - timedelta(days=1),
            **extra,
        )
        responses.append(response)
        return response

    for mentee in mentees:
        respond("pss10", mentee, score=rng.randint(0, 40))
        answers.append((respond("wlb", mentee), ("wlb", "wlb"), rng.randint(1, 10)))
        if rng.random() < 0.4:
            review = respond("final_review", mentee)
            answers.append((review, ("final_review", "wlb"), rng.randint(1, 10)))
            answers.append((review, ("final_review", "reasons_addressed"), rng.sample(mentee.reasons, 1)))
            if rng.random() < 0.6:
                follow = respond("follow_up", mentee)
                answers.append((follow, ("follow_up", "impact"), rng.choice(items[("follow_up", "impact")].choices)[0]))
                answers.append((follow, ("follow_up", "would_recommend"), rng.random() < 0.9))
                answers.append((follow, ("follow_up", "intends_to_leave_now"), rng.random() < 0.15))
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(
        Answer(response=response, item=items[key], value=value) for response, key, value in answers
    )
    return schemes, len(responses), len(answers)


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def measure(schemes, period):
    data_times, sql_times, pdf_times, statements = [], [], [], []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            seconds, report = timed(
                lambda: quarterly.published(quarterly.quarterly_report(schemes, period), suppress=True)
            )
        data_times.append(seconds)
        statements = [query["sql"] for query in captured.captured_queries]

        def bare(statements=statements):
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()

        sql_times.append(timed(bare)[0])
        pdf_times.append(timed(lambda report=report: pdf.quarterly_pdf(report, unsuppressed=False))[0])
    return data_times, sql_times, pdf_times, len(statements)


def on_dataset():
    """The generated dataset's busiest scheme, and every scheme, for the last whole quarter."""
    from django.db.models import Count

    period = periods.recent_quarters(timezone.localdate(), count=2)[1]
    every = list(Scheme.objects.order_by("pk"))
    busiest = Scheme.objects.annotate(n=Count("mentees")).order_by("-n", "pk").first()
    if busiest is None:
        raise SystemExit("No scheme: generate a dataset first (manage.py generate_dataset)")
    responses = Response.objects.count()
    return period, {"one": measure([busiest], period), "all": measure(every, period)}, len(every), responses


def main():
    call_command("migrate", verbosity=0)  # the questionnaires are reference rows from a data migration
    results = {}
    if "--dataset" in sys.argv:
        period, results, schemes, responses = on_dataset()
        print(f"Quarterly report {period.label} on the generated dataset: {schemes} schemes, {responses} responses")
    else:
        rng = random.Random(2025)  # noqa: S311 - test data, not secrets
        now = timezone.now()
        period = periods.quarter(periods.periods.quarter_label(timezone.localdate()))
        schemes = SCHEMES
        try:
            with transaction.atomic():
                built, responses, answers = build(rng, now)
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")  # the planner's statistics, as a live database has them
                results["one"] = measure(built[:1], period)
                results["all"] = measure(built, period)
                raise _RollBack
        except _RollBack:
            pass
        print(f"Quarterly report {period.label}: {SCHEMES} schemes of {MENTORS} mentors and {MENTEES} mentees")
        print(f"  {responses} questionnaire responses, {answers} answers; {RUNS} runs")

    def summary(values):
        return f"min {min(values):6.3f} s   median {statistics.median(values):6.3f} s"

    failures = []
    for key, label in (("one", "one scheme"), ("all", "all schemes")):
        data, sql, pdf_seconds, queries = results[key]
        ratio = statistics.median(data) / statistics.median(sql)
        print(f"  {label}: {queries} queries")
        print(f"    report data   {summary(data)}")
        print(f"    bare SQL      {summary(sql)}")
        print(f"    ratio         {ratio:.2f} (median data / median SQL)")
        print(f"    PDF           {summary(pdf_seconds)}")
        if key == "one":
            if statistics.median(data) >= TARGETS["one scheme data"]:
                failures.append("one scheme's data takes 2 s or more")
            if ratio > RATIO_TARGET:
                failures.append(f"one scheme's data is {ratio:.2f}x its bare SQL")
            if statistics.median(pdf_seconds) >= TARGETS["one scheme PDF"]:
                failures.append("one scheme's PDF takes 5 s or more")
        elif statistics.median(data) + statistics.median(pdf_seconds) >= TARGETS["all schemes data and PDF"]:
            failures.append("all schemes take 30 s or more")
    for failure in failures:
        print(f"MISSED: {failure}")
    if os.environ.get("BENCH_RESULTS"):  # make bench gathers every benchmark's figures in one table
        figures = {
            key: {"data_s": statistics.median(data), "sql_s": statistics.median(sql), "pdf_s": statistics.median(pdfs),
                  "ratio": statistics.median(data) / statistics.median(sql), "queries": queries,
                  "schemes": 1 if key == "one" else schemes}
            for key, (data, sql, pdfs, queries) in results.items()
        }  # fmt: skip
        Path(os.environ["BENCH_RESULTS"]).write_text(json.dumps({"figures": figures, "missed": failures}, indent=2))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
