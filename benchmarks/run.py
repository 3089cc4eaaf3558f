"""make bench: every benchmark on a generated dataset, in one table beside its floor and its target.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentoring_bench REDIS_URL=redis://127.0.0.1:6379/1 \\
        .venv/bin/python benchmarks/run.py [--size national] [--reuse]

Steps, each a separate process so one failing does not stop the others:

1. migrate, then `generate_dataset --size SIZE --force` (timed; --reuse keeps a database that already
   holds a dataset);
2. benchmarks/explain.py: the main pages' and one scheme's reports' query plans (fails on a sequential
   scan of a table over 10,000 rows);
3. benchmarks/load.py: the main pages under locust against gunicorn with the production settings,
   beside /healthz;
4. the reports (benchmarks/quarterly_report.py, beside their bare SQL), the follow-up sweep
   (benchmarks/sweep.py), the payment export of the latest month (benchmarks/payment_export.py),
   batch matching (benchmarks/matching.py) and the imports (benchmarks/imports.py).

It prints the table, writes benchmarks/results.json and the measured part of docs/performance.md
(between the "bench" markers; the rest of the page is prose kept as written). A missed target is a
row marked "missed" in the table, not a failure; the exit status is non-zero only when a step could not
run or a plan scans a big table.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def step(name, command, *, env=None, timeout=1800):
    print(f"== {name}", flush=True)
    started = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=ROOT, env=env or os.environ, timeout=timeout, check=False)  # noqa: S603
        status = done.returncode
    except subprocess.TimeoutExpired:
        status = "timed out"
    return status, time.perf_counter() - started


def read(path):
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None


def ensure_database():
    """Create the benchmark database if it is missing (a fresh clone has none)."""
    from urllib.parse import urlparse

    import psycopg2

    url = urlparse(os.environ.get("DATABASE_URL", ""))
    if url.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit("make bench needs DATABASE_URL to point at PostgreSQL")
    name = url.path.lstrip("/")
    server = psycopg2.connect(
        host=url.hostname, port=url.port or 5432, user=url.username, password=url.password, dbname="postgres"
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    server.close()


def main():
    ensure_database()
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default=os.environ.get("BENCH_SIZE", "national"))
    parser.add_argument("--reuse", action="store_true", help="keep the dataset already in the database")
    args = parser.parse_args()
    debug = dict(os.environ, DEBUG="true")
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    problems, rows = [], []

    def row(area, measure, figure, floor=None, ratio=None, target="", met=None):
        rows.append(
            {
                "area": area,
                "measure": measure,
                "figure": figure,
                "floor": floor,
                "ratio": ratio,
                "target": target,
                "met": met,
            }
        )

    status, _ = step("migrate", [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env=debug)
    if status != 0:
        raise SystemExit("could not migrate the benchmark database (DATABASE_URL)")
    generated = None
    if not args.reuse:
        command = [PYTHON, "manage.py", "generate_dataset", "--size", args.size, "--seed", "1", "--force"]
        status, seconds = step(f"generate_dataset --size {args.size}", command, env=debug, timeout=3600)
        generated = seconds
        if status != 0:
            raise SystemExit("generate_dataset failed")
        row("dataset", f"generate_dataset --size {args.size}", f"{seconds:.0f} s")

    status, _ = step("query plans", [PYTHON, "benchmarks/explain.py", str(work / "explain.json")], env=debug)
    plans = read(work / "explain.json") or {"pages": [], "failures": ["the query-plan step did not run"]}
    problems += plans["failures"]
    for page in plans["pages"]:
        scans = ", ".join(sorted({scan["table"] for scan in page["seq_scans"]})) or "none"
        row(
            "query plans",
            page["name"],
            f"{page['queries']} queries, {page['execution_ms']:.0f} ms in SQL",
            target="no sequential scan of a table over 10,000 rows",
            met=not page["seq_scans"],
            floor=f"seq scans: {scans}",
        )

    status, _ = step("pages under load", [PYTHON, "benchmarks/load.py", str(work / "load.json")], env=debug)
    load = read(work / "load.json")
    if load:
        for name, page in load["pages"].items():
            if name == "healthz":
                row("pages", "/healthz (the floor) peak", f"{page['peak_rps']:.1f} rps", target="the floor")
                continue
            p95 = page.get("steady_p95")
            row(
                "pages",
                f"{name}: p50 / p95 / p99 at {load['steady_rate']} rps",
                f"{page['steady_p50']:.0f} / {p95:.0f} / {page['steady_p99']:.0f} ms" if p95 is not None else "n/a",
                target="p95 under 150 ms",
                met=p95 is not None and p95 < 150,
            )
            fraction = page.get("fraction_of_floor")
            row(
                "pages",
                f"{name}: peak",
                f"{page['peak_rps']:.1f} rps",
                floor=f"{load['pages']['healthz']['peak_rps']:.1f} rps",
                ratio=fraction,
                target="at least 1/3 of the floor",
                met=fraction is not None and fraction >= 1 / 3,
            )
        steady = load["steady_all"]
        row(
            "pages",
            f"all main pages at a steady {load['steady_rate']} rps",
            f"{steady['rps']:.1f} rps served; p95 {steady['p95']:.0f} ms",
            target="p95 under 150 ms",
            met=steady["p95"] < 150,
        )
    else:
        problems.append("the load step did not run")

    reports = dict(os.environ, DEBUG="true", BENCH_RESULTS=str(work / "reports.json"))
    step("quarterly report", [PYTHON, "benchmarks/quarterly_report.py", "--dataset"], env=reports)
    report = read(work / "reports.json")
    if report:
        one, every = report["figures"]["one"], report["figures"]["all"]
        row(
            "reports",
            "quarterly report data, one scheme",
            f"{one['data_s']:.2f} s",
            f"{one['sql_s']:.2f} s bare SQL",
            one["ratio"],
            "under 2 s and within 1.5x",
            one["data_s"] < 2 and one["ratio"] <= 1.5,
        )
        row(
            "reports",
            "quarterly report PDF, one scheme",
            f"{one['pdf_s']:.2f} s",
            target="under 5 s",
            met=one["pdf_s"] < 5,
        )
        total = every["data_s"] + every["pdf_s"]
        row(
            "reports",
            f"quarterly report, all {every.get('schemes', 'the')} schemes (data + PDF)",
            f"{total:.2f} s",
            f"{every['sql_s']:.2f} s bare SQL",
            every["ratio"],
            "under 30 s",
            total < 30,
        )
    else:
        problems.append("the report benchmark did not run")

    sweep = dict(os.environ, DEBUG="true", BENCH_RESULTS=str(work / "sweep.json"))
    step("follow-up sweep", [PYTHON, "benchmarks/sweep.py", os.environ.get("BENCH_SWEEP_SURVEYS", "2000")], env=sweep)
    if figures := read(work / "sweep.json"):
        row(
            "jobs",
            f"follow-up sweep, {figures['surveys']} surveys to the locmem backend",
            f"{figures['per_second']:.0f} a second",
            f"swept in {figures['swept_s']:.1f} s",
            target="at least 200 a second",
            met=figures["per_second"] >= 200,
        )
    else:
        problems.append("the sweep benchmark did not run (it needs REDIS_URL)")

    step("payment export", [PYTHON, "benchmarks/payment_export.py", str(work / "payments.json")], env=debug)
    if figures := read(work / "payments.json"):
        row(
            "jobs",
            f"payment export of {figures['month']}: {figures['batches']} batches, {figures['lines']} lines, CSV + XLSX",
            f"{figures['export_s']:.2f} s",
            f"{figures['rows_s']:.2f} s reading the rows",
            figures["export_s"] / figures["rows_s"] if figures["rows_s"] else None,
            "under 5 s",
            figures["export_s"] < 5,
        )
    else:
        problems.append("the payment export benchmark did not run")

    matching = dict(os.environ, DEBUG="true", BENCH_RESULTS=str(work / "matching.json"))
    step("batch matching", [PYTHON, "benchmarks/matching.py"], env=matching)
    if figures := read(work / "matching.json"):
        solver = figures.get("solver_s")
        row(
            "matching",
            f"batch proposal from the database, {figures['mentees']} mentees x {figures['mentors']} mentors",
            f"{figures['total_s']:.2f} s ({figures['load_s']:.2f} s loading)",
            f"{solver:.2f} s scipy's solver alone" if solver else None,
            figures["total_s"] / solver if solver else None,
            "under 1 s and within 5x of the solver",
            figures["total_s"] < 1 and bool(solver) and figures["total_s"] <= 5 * solver,
        )
    else:
        problems.append("the matching benchmark did not run")

    rows_to_import = os.environ.get("BENCH_IMPORT_ROWS", "5000")  # the size the target is set at
    step("imports", [PYTHON, "benchmarks/imports.py", rows_to_import, str(work / "imports.json")], env=debug)
    if figures := read(work / "imports.json"):
        for name, figure in figures.items():
            row(
                "imports",
                f"{name}, {figure['rows']} rows",
                f"{figure['rows_per_s']:.0f} rows a second",
                f"{figure['median_s']:.1f} s; 5,000 rows in about {5000 / figure['rows_per_s']:.0f} s",
                target="at least 500 rows a second",
                met=figure["rows_per_s"] >= 500,
            )
    else:
        problems.append("the import benchmark did not run")

    write(rows, problems, args.size, generated)
    return 1 if problems else 0


def text(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def write(rows, problems, size, generated):
    verdict = {True: "met", False: "MISSED", None: ""}
    lines = [
        "| Area | Measure | Figure | Floor / beside | Ratio | Target | |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['area']} | {r['measure']} | {r['figure']} | {text(r['floor'])} | {text(r['ratio'])} | "
            f"{r['target']} | {verdict[r['met']]} |"
        )
    table = "\n".join(lines)
    print(table)
    for problem in problems:
        print(f"PROBLEM: {problem}")
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = (
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} at the end"
    )
    section = "\n".join(
        [
            START,
            f"Measured by `make bench` on {when} ({machine}), dataset `--size {size}`"
            + (f" generated in {generated:.0f} s" if generated else "")
            + ". Medians of the runs; times in the",
            "database where said. Rows marked MISSED are targets not met; the notes below say by how much and why.",
            "",
            table,
            "",
            *[f"- Problem: {problem}" for problem in problems],
            END,
        ]
    )
    doc = ROOT / "docs" / "performance.md"
    current = doc.read_text()
    if START in current and END in current:
        current = current[: current.index(START)] + section + current[current.index(END) + len(END) :]
    else:
        current = current.replace("\n", f"\n\n## The latest make bench\n\n{section}\n", 1)
    doc.write_text(current)
    (ROOT / "benchmarks" / "results.json").write_text(
        json.dumps({"measured_at": when, "size": size, "rows": rows, "problems": problems}, indent=2) + "\n"
    )


if __name__ == "__main__":
    sys.exit(main())
