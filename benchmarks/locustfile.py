"""The load benchmark's users, driven by benchmarks/load.py (never run on its own).

BENCH_PAGES names a JSON file of pages: [{"name", "method", "path", "cookie", "form", "variants"}], where
"variants" (a list of {"path", "cookie"}) are taken in turn instead of the page's own. BENCH_MODE:
- "steady": each user opens the pages in turn at a fixed pace (constant_throughput), so N users give
  N x BENCH_PACE requests a second spread over the main pages, whatever the response times up to the
  users' limit (an open-loop rate, approximated);
- "peak": every user requests BENCH_PAGE as fast as it is answered (throughput).

Cookies go in a Cookie header: the production settings mark them Secure, and the benchmark talks plain
HTTP to gunicorn on 127.0.0.1. The users are locust's FastHttpUser (geventhttpclient), which costs the
load generator several times less CPU a request than HttpUser (python-requests): it shares the two cores
with gunicorn and PostgreSQL.
"""

import itertools
import json
import os
from urllib.parse import urlencode

from locust import FastHttpUser, constant, constant_throughput, task

PAGES = json.loads(open(os.environ["BENCH_PAGES"]).read())  # noqa: SIM115, PTH123
MODE = os.environ.get("BENCH_MODE", "steady")
STARTS = itertools.count()
CHOSEN = [page for page in PAGES if MODE == "steady" or page["name"] == os.environ.get("BENCH_PAGE")]
VARIANTS = {page["name"]: itertools.cycle(page["variants"]) for page in CHOSEN if page.get("variants")}


class PageUser(FastHttpUser):
    wait_time = constant_throughput(float(os.environ.get("BENCH_PACE", "0.5"))) if MODE == "steady" else constant(0)

    def on_start(self):
        self.pages = itertools.cycle(CHOSEN)
        # Spread the users over the pages, so the rate is spread evenly from the start.
        for _ in range(next(STARTS) % len(CHOSEN)):
            next(self.pages)

    @task
    def open_page(self):
        page = next(self.pages)
        if page["name"] in VARIANTS:
            page = page | next(VARIANTS[page["name"]])
        headers = {"Cookie": page["cookie"]} if page.get("cookie") else {}
        method = self.client.post if page["method"] == "POST" else self.client.get
        extra = {}
        if page["method"] == "POST":
            headers["Referer"] = self.host + page["path"]
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            extra["data"] = urlencode(page["form"])
        with method(
            page["path"], headers=headers, name=page["name"], allow_redirects=False, catch_response=True, **extra
        ) as response:
            if response.status_code != page.get("expect", 200):
                response.failure(f"HTTP {response.status_code}")
            else:
                response.success()
