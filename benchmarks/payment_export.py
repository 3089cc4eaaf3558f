"""How long the payment batches of a national month take to export, beside reading their rows alone.

    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentoring_bench \\
        .venv/bin/python benchmarks/payment_export.py [results.json]

On a generated dataset: the latest month with payment batches, every scheme's batch of it, each exported
as CSV and as XLSX by the scheme's staff (claims.services.batch_export), three times, inside a
transaction rolled back at the end. Beside it, the floor: the same batches' rows read with
claims.selectors.batch_rows and nothing else. Target: under 5 s for the month (docs/performance.md).
"""

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
from django.db.models import Max  # noqa: E402

from accounts.permissions import Role  # noqa: E402
from claims import selectors, services  # noqa: E402
from claims.models import PaymentBatch  # noqa: E402
from schemes.models import SchemeMembership  # noqa: E402

RUNS = 3
TARGET = 5.0


class _RollBack(Exception):
    pass


def main():
    month = PaymentBatch.objects.aggregate(latest=Max("month"))["latest"]
    if month is None:
        raise SystemExit("No payment batches: generate a dataset first (manage.py generate_dataset)")
    batches = list(PaymentBatch.objects.filter(month=month).select_related("scheme"))
    staff = {m.scheme_id: m.user for m in SchemeMembership.objects.filter(role=Role.STAFF).select_related("user")}
    lines = sum(batch.lines.count() for batch in batches)
    exports, floors = [], []
    try:
        with transaction.atomic():
            for _ in range(RUNS):
                started = time.perf_counter()
                for batch in batches:
                    list(selectors.batch_rows(batch))
                floors.append(time.perf_counter() - started)
                started = time.perf_counter()
                for batch in batches:
                    for file_format in ("csv", "xlsx"):
                        services.batch_export(batch=batch, by=staff[batch.scheme_id], format=file_format)
                exports.append(time.perf_counter() - started)
            raise _RollBack
    except _RollBack:
        pass
    figures = {
        "month": f"{month:%Y-%m}",
        "batches": len(batches),
        "lines": lines,
        "export_s": statistics.median(exports),
        "rows_s": statistics.median(floors),
    }
    print(
        f"Payment export of {figures['month']}: {len(batches)} batches, {lines} lines, CSV and XLSX: "
        f"median {figures['export_s']:.2f} s; reading the rows alone {figures['rows_s']:.2f} s"
    )
    if len(sys.argv) > 1:
        Path(sys.argv[1]).write_text(json.dumps(figures, indent=2))
    return 0 if figures["export_s"] < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
