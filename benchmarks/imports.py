"""Rows a second through the mentee and mentor imports: 5,000 rows each, all or nothing as staff use them.

    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentoring_bench \\
        .venv/bin/python benchmarks/imports.py [rows] [results.json]

Builds a throwaway scheme with 150 practices, then imports a 5,000-row CSV of mentees (with stress
questionnaire answers and work-life balance ratings) and one of mentors (with training) through
mentoring.imports, three times each, each inside a transaction rolled back at the end. Target: at least
500 rows a second (docs/performance.md).
"""

import csv
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.db import transaction  # noqa: E402

from accounts.models import User  # noqa: E402
from mentoring.imports import mentees as mentee_import  # noqa: E402
from mentoring.imports import mentors as mentor_import  # noqa: E402
from schemes.models import Organisation, Scheme  # noqa: E402

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
RUNS = 3
TARGET = 500  # rows a second


class _RollBack(Exception):
    pass


def scheme_with_practices():
    icb = Organisation.objects.create(kind="icb", code="ZZB", name="Import benchmark ICB")
    pcn = Organisation.objects.create(kind="pcn", code="U99999", name="Import benchmark PCN", parent=icb)
    practices = Organisation.objects.bulk_create(
        Organisation(kind="practice", code=f"Z{90000 + n:05d}", name=f"Practice {n}", parent=pcn) for n in range(150)
    )
    scheme = Scheme.objects.create(name="Import benchmark", slug="import-benchmark", icb=icb)
    staff = User.objects.create(email="import.benchmark@nhs.example", first_name="Import", last_name="Staff")
    return scheme, staff, [p.code for p in practices]


def as_csv(columns, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.name for column in columns])
    writer.writerows(rows)
    return buffer.getvalue().encode()


def mentee_rows(practices):
    return [
        [
            f"Mentee{n}",
            "Bench",
            f"mentee.{n}@import.nhs.example",
            "salaried_gp",
            "early_mid_career",
            "no",
            practices[n % len(practices)],
            "2025-09-01",
            "35_39",
            "female",
            "N",
            "email",
            "",
            "work_life_balance;workload",
            "",
            "reduce_hours",
            "no",
            "2;3;1;1;2;3;1;2;3;2",
            "4",
        ]
        for n in range(ROWS)
    ]


def mentor_rows(practices):
    return [
        [
            f"Mentor{n}",
            "Bench",
            f"mentor.{n}@import.nhs.example",
            f"{2000000 + n:07d}",
            practices[n % len(practices)],
            "gp_partner",
            "6",
            "active",
            "2025-09-01",
            "6",
            "leadership;wellbeing",
            "female",
            "40_44",
            "H",
            "ilm5",
            "2024-09-01",
            "2025-06-30",
            "2024-09-12;2024-10-10;2024-11-14",
        ]
        for n in range(ROWS)
    ]


def time_import(function, content):
    seconds = []
    for _ in range(RUNS):
        try:
            with transaction.atomic():
                scheme, staff, _ = scheme_with_practices()
                started = time.perf_counter()
                result = function(scheme=scheme, file_name="rows.csv", content=content, by=staff)
                seconds.append(time.perf_counter() - started)
                if not result.ok:
                    raise SystemExit(f"the import refused the file: {result.errors[:3]}")
                raise _RollBack
        except _RollBack:
            pass
    return seconds


def main():
    practices = [f"Z{90000 + n:05d}" for n in range(150)]
    results = {}
    for name, module, rows in (
        ("import_mentees", mentee_import.mentees_import, mentee_rows(practices)),
        ("import_mentors", mentor_import.mentors_import, mentor_rows(practices)),
    ):
        columns = mentee_import.COLUMNS if name == "import_mentees" else mentor_import.COLUMNS
        seconds = time_import(module, as_csv(columns, rows))
        median = statistics.median(seconds)
        results[name] = {"rows": ROWS, "seconds": seconds, "median_s": median, "rows_per_s": ROWS / median}
        print(f"{name}: {ROWS} rows, median {median:.2f} s ({ROWS / median:.0f} rows a second), runs {seconds}")
    if len(sys.argv) > 2:
        Path(sys.argv[2]).write_text(json.dumps(results, indent=2))
    missed = [name for name, figures in results.items() if figures["rows_per_s"] < TARGET]
    for name in missed:
        print(f"MISSED: {name} below {TARGET} rows a second")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
