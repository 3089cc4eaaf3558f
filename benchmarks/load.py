"""The main pages under load: locust (headless) against gunicorn with the production settings.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python benchmarks/load.py results.json

Run by make bench on a generated dataset. It:

1. picks the people and pages (benchmarks/_pages.py), gives those who need it an authenticator, and
   signs each in (a session in the database, as a sign-in makes); the logged sessions are posted by
   a hundred other mentors of the scheme in turn, so the pages measured do not grow as the test runs;
2. collects the static files into a temporary directory (compressed, hashed names: whitenoise's
   CompressedManifestStaticFilesStorage, as production serves them);
3. starts gunicorn with production's config/gunicorn.py (3 workers), on 127.0.0.1, with DEBUG off and
   the required settings given local values (a random SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, the local
   database and Redis, mail to a port nothing listens on; HTTPS redirection off, since nothing
   terminates TLS in front of it);
4. runs locust: a steady 30 requests a second spread over the main pages, then each page (and /healthz,
   the framework's floor) at peak, BENCH_RUNS times each, and reports the medians;
5. stops gunicorn (by its process id) and removes the temporary directory, whatever happened.

Load goes only to 127.0.0.1.
"""

import csv
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
STEADY_SECONDS = int(os.environ.get("BENCH_STEADY_SECONDS", "20"))
PEAK_SECONDS = int(os.environ.get("BENCH_PEAK_SECONDS", "8"))
STEADY_RATE = 30
PEAK_USERS = 8
WORKERS = 3  # config/gunicorn.py's, as production starts it
DEMO_ENCRYPTION_KEY = "n7p_SutClylTbJrzW-RFu-BzzGsHtKbrqQ1jHsDNaZg="  # the data was written with DEBUG on


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(static_root, secret_key):
    env = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    env.update(
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1",
        EMAIL_URL="smtp://127.0.0.1:9/",
        ENCRYPTION_KEYS=os.environ.get("ENCRYPTION_KEYS", DEMO_ENCRYPTION_KEY),
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
    )
    return env


def sign_in(secret_key, pages_file):
    """Sessions for the people, made with the server's SECRET_KEY, and the pages with their cookies."""
    code = f"""
import json, os, sys
sys.path.insert(0, {str(ROOT / "benchmarks")!r}); sys.path.insert(0, {str(ROOT)!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django; django.setup()
from django.test import Client
from _pages import choose_people, enrol, session_form, session_loggers
scheme, people, pages = choose_people()
loggers = session_loggers(scheme, people["mentor"])
enrol(people | {{f"logger {{n}}": user for n, (user, _) in enumerate(loggers)}})
token = "b" * 32  # an unmasked CSRF secret: the same in the cookie and the form

def cookie_of(user):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return f"sessionid={{client.cookies['sessionid'].value}}; csrftoken={{token}}"

cookies = {{who: cookie_of(user) for who, user in people.items()}}
rows = [{{"name": "healthz", "method": "GET", "path": "/healthz", "cookie": "", "expect": 200}}]
for name, method, path, who in pages:
    row = {{"name": name, "method": method, "path": path, "cookie": cookies[who], "expect": 200}}
    if method == "POST":
        row |= {{"form": dict(session_form(), csrfmiddlewaretoken=token), "expect": 302,
                 "variants": [{{"path": p, "cookie": cookie_of(user)}} for user, p in loggers]}}
    rows.append(row)
open({str(pages_file)!r}, "w").write(json.dumps(rows))
"""
    env = dict(os.environ, DEBUG="true", SECRET_KEY=secret_key)
    subprocess.run([BIN / "python", "-c", code], check=True, env=env, cwd=ROOT)  # noqa: S603 - our own commands
    return json.loads(pages_file.read_text())


def wait_until_up(port, server):
    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped while starting")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz within a minute")


def locust(port, pages_file, workdir, *, mode, users, seconds, page=None, pace=None):
    prefix = workdir / f"locust-{mode}-{page or 'all'}-{time.monotonic_ns()}"
    env = dict(os.environ, BENCH_PAGES=str(pages_file), BENCH_MODE=mode, BENCH_PAGE=page or "")
    if pace:
        env["BENCH_PACE"] = str(pace)
    command = [
        BIN / "locust",
        "-f",
        ROOT / "benchmarks" / "locustfile.py",
        "--headless",
        "--only-summary",
        "-u",
        str(users),
        "-r",
        str(users),
        "-t",
        f"{seconds}s",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(prefix),
        "--loglevel",
        "ERROR",
        "--stop-timeout",
        "5",
    ]
    subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)  # noqa: S603 - our own commands
    stats = {}
    with open(f"{prefix}_stats.csv") as file:  # noqa: PTH123
        for row in csv.DictReader(file):
            stats[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"] or 0),
                "p95": float(row["95%"] or 0),
                "p99": float(row["99%"] or 0),
            }
    return stats


def median_of(runs, name, key):
    values = [run[name][key] for run in runs if name in run]
    return statistics.median(values) if values else None


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    secret_key = secrets.token_hex(32)
    env = production_env(workdir / "static", secret_key)
    server = None
    try:
        pages = sign_in(secret_key, workdir / "pages.json")
        subprocess.run(  # noqa: S603 - our own commands
            [BIN / "python", "manage.py", "collectstatic", "--noinput", "-v0"], check=True, env=env, cwd=ROOT
        )
        port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [
                BIN / "gunicorn",
                "--config",
                "config/gunicorn.py",
                "config.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "--access-logfile",
                "/dev/null",
                "--error-logfile",
                str(workdir / "gunicorn.log"),
            ],
            env=env,
            cwd=ROOT,
        )
        wait_until_up(port, server)
        pages_file = workdir / "pages.json"
        # Warm each page once (per-process caches, the planner's statistics).
        locust(port, pages_file, workdir, mode="steady", users=len(pages), seconds=4, pace=0.5)
        steady_pages = workdir / "steady.json"
        steady_pages.write_text(json.dumps([page for page in pages if page["name"] != "healthz"]))
        users = STEADY_RATE * 2  # each user paced at 0.5 a second
        steady = [
            locust(port, steady_pages, workdir, mode="steady", users=users, seconds=STEADY_SECONDS, pace=0.5)
            for _ in range(RUNS)
        ]
        peak = {}
        for page in pages:
            peak[page["name"]] = [
                locust(
                    port, pages_file, workdir, mode="peak", users=PEAK_USERS, seconds=PEAK_SECONDS, page=page["name"]
                )
                for _ in range(RUNS)
            ]
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        log = (workdir / "gunicorn.log").read_text() if (workdir / "gunicorn.log").exists() else ""
        shutil.rmtree(workdir, ignore_errors=True)
    floor_rps = median_of(peak["healthz"], "healthz", "rps")
    results = {"steady_rate": STEADY_RATE, "runs": RUNS, "workers": WORKERS, "pages": {}}
    for page in pages:
        name = page["name"]
        row = {
            "peak_rps": median_of(peak[name], name, "rps"),
            "peak_p50": median_of(peak[name], name, "p50"),
            "peak_p95": median_of(peak[name], name, "p95"),
            "peak_failures": sum(run[name]["failures"] for run in peak[name] if name in run),
        }
        if name != "healthz":
            row |= {
                "steady_p50": median_of(steady, name, "p50"),
                "steady_p95": median_of(steady, name, "p95"),
                "steady_p99": median_of(steady, name, "p99"),
                "steady_rps": median_of(steady, name, "rps"),
                "steady_failures": sum(run[name]["failures"] for run in steady if name in run),
            }
        row["fraction_of_floor"] = row["peak_rps"] / floor_rps if floor_rps and row["peak_rps"] else None
        results["pages"][name] = row
    results["steady_all"] = {
        key: median_of(steady, "Aggregated", key) for key in ("rps", "p50", "p95", "p99", "failures")
    }
    results["server_errors"] = log.count("Traceback")
    if out:
        out.write_text(json.dumps(results, indent=2))
    for name, row in results["pages"].items():
        print(
            f"  {name:<26} peak {row['peak_rps'] or 0:7.1f} rps  ({(row['fraction_of_floor'] or 0):.2f} of the floor)"
            f"  steady p95 {row.get('steady_p95') or 0:6.0f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
