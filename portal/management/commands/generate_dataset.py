"""Fill an empty database with a synthetic England (or one hub's first year), for benchmarks and load tests.

    DEBUG=true python manage.py generate_dataset --size national --seed 1
    DEBUG=true python manage.py generate_dataset --size hub --seed 1

Sizes (portal.dataset.SIZES): `national` is 42 ICBs with a mentoring and a career-conversations scheme
each, 5,000 mentors and facilitators, 50,000 mentees, about 500,000 sessions and 300,000 claim lines over
five years; `region` is a sixth of that (7 ICBs); `hub` is one ICB's first year (111 mentees, 25
mentors).

Rows are written directly with bulk_create in batches of 5,000, not through the services: the services
write one row at a time, each with its audit event and row locks, which at national size would take
hours. The builder keeps the services' invariants by construction instead (portal/dataset.py says
which), and every row satisfies the database's constraints. No audit events are written, since nothing
here was done by anyone.

Deterministic: the same --seed and --today give the same rows. It refuses a database that holds people,
organisations or schemes unless given --force (which empties them first, PostgreSQL only), and it never
runs with production settings (DEBUG off).
"""

import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from portal import dataset


class Command(BaseCommand):
    help = "Fill an empty database with synthetic schemes, people, sessions and claims."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(dataset.SIZES), default="hub")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None,
                            help="The day the history ends (YYYY-MM-DD); today if not given")  # fmt: skip
        parser.add_argument("--force", action="store_true", help="Empty a database that already holds data first")

    def handle(self, *args, size, seed, today, force, **options):
        if not settings.DEBUG:
            raise CommandError("generate_dataset makes synthetic people: it never runs with production settings")
        if dataset.database_holds_data():
            if not force:
                raise CommandError(
                    "The database already holds people, organisations or schemes; use --force to empty it"
                )
            if connection.vendor != "postgresql":
                raise CommandError("--force empties the database with TRUNCATE, which needs PostgreSQL")
            dataset.empty_database()
        started = time.perf_counter()
        builder = dataset.Builder(
            size=dataset.SIZES[size],
            seed=seed,
            today=today or datetime.date.today(),
            out=self.stderr._out if options.get("verbosity", 1) >= 1 else None,
        )
        with transaction.atomic():
            counts = builder.build()
        seconds = time.perf_counter() - started
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label:<32} {count:>9,}")
        self.stdout.write(self.style.SUCCESS(f"Generated the {size} dataset (seed {seed}) in {seconds:.0f} s"))
