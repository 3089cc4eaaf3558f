"""The query plans of the main pages and reports on a generated dataset: no sequential scan of a big table.

    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentoring_bench \\
        .venv/bin/python benchmarks/explain.py [results.json]

Opens each main page (benchmarks/_pages.py) in-process as the person who uses it, and runs one scheme's
quarterly report data and monitoring return, capturing every SQL statement. Each SELECT is run again
under EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON); the step fails (exit status 1) if any plan reads a table
of more than 10,000 rows with a sequential scan. Reports over all schemes are left out on purpose: they
aggregate whole tables, where a sequential scan is the right plan.

Run it on a database made by `manage.py generate_dataset` (make bench does).
"""

import json
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from _pages import choose_people, enrol, filtered_pages, session_form  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from reporting import monitoring, periods, quarterly  # noqa: E402

BIG_TABLE = 10_000


class _RollBack(Exception):
    pass


def table_sizes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r'")
        return dict(cursor.fetchall())


def plan_nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def explain(statements, sizes):
    """(statements explained, total execution ms, [(table, rows, sql)] sequential scans of big tables)."""
    explained, total_ms, scans = 0, 0.0, []
    with connection.cursor() as cursor:
        for sql in statements:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
            explained += 1
            total_ms += plan.get("Execution Time", 0.0)
            for node in plan_nodes(plan["Plan"]):
                table = node.get("Relation Name")
                if node["Node Type"] == "Seq Scan" and sizes.get(table, 0) > BIG_TABLE:
                    scans.append((table, sizes[table], sql[:300]))
    return explained, total_ms, scans


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    sizes = table_sizes()
    results, failures = [], []
    try:
        with transaction.atomic():  # the POST logs a session: roll it back
            scheme, people, pages = choose_people()
            enrol(people)
            clients = {}
            for who, user in people.items():
                clients[who] = Client(HTTP_HOST="127.0.0.1")
                clients[who].force_login(user)
            checks = []
            for name, method, path, who in pages:
                client = clients[who]
                if method == "POST":
                    checks.append((name, lambda c=client, p=path: c.post(p, session_form())))
                else:
                    checks.append((name, lambda c=client, p=path: c.get(p)))
            for name, path, who in filtered_pages(scheme):
                checks.append((name, lambda c=clients[who], p=path: c.get(p)))
            quarter = periods.quarter(periods.recent_quarters(timezone.localdate(), count=2)[1].label)
            checks.append(("quarterly report data, one scheme", lambda: quarterly.quarterly_report([scheme], quarter)))
            checks.append(("monitoring return, one scheme", lambda: monitoring.monitoring_return(scheme, quarter)))
            for name, run in checks:
                with CaptureQueriesContext(connection) as captured:
                    response = run()
                status = getattr(response, "status_code", None)
                if status is not None and status >= 400:
                    failures.append(f"{name}: HTTP {status}")
                statements = [query["sql"] for query in captured.captured_queries]
                explained, ms, scans = explain(statements, sizes)
                results.append({"name": name, "queries": len(statements), "explained": explained,
                                "execution_ms": round(ms, 1), "status": status,
                                "seq_scans": [{"table": t, "rows": r, "sql": s} for t, r, s in scans]})  # fmt: skip
                flag = "  SEQ SCAN: " + ", ".join(sorted({f"{t} ({r:,} rows)" for t, r, _ in scans})) if scans else ""
                print(f"  {name:<36} {len(statements):>3} queries  {ms:8.1f} ms in the database{flag}")
                for table, rows, sql in scans:
                    failures.append(f"{name}: sequential scan of {table} ({rows:,} rows): {sql[:160]}")
            raise _RollBack
    except _RollBack:
        pass
    if out:
        out.write_text(json.dumps({"pages": results, "failures": failures}, indent=2))
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
