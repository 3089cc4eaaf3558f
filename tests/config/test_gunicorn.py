"""Gunicorn's access log (config/gunicorn.py, which the Dockerfile and docker-compose start it with)
writes the path without its query string: searches carry names and email addresses."""

import datetime
import runpy
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger

ROOT = Path(__file__).resolve().parents[2]


def access_line(query):
    settings = runpy.run_path(str(ROOT / "config" / "gunicorn.py"))
    config = Config()
    config.set("access_log_format", settings["access_log_format"])
    logger = Logger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/admin/mentoring/mentee/?{query}",
        "PATH_INFO": "/admin/mentoring/mentee/",
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": f"https://mentoring.example.nhs.uk/admin/?{query}",
        "HTTP_USER_AGENT": "Mozilla/5.0",
    }
    request = SimpleNamespace(
        headers=[("REFERER", environ["HTTP_REFERER"])], method="GET", path=environ["PATH_INFO"], query=query,
        uri=environ["RAW_URI"], version=(1, 1),
    )  # fmt: skip
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[], response_length=1234)
    # What Logger.access() writes: the format filled in from the request's atoms.
    atoms = logger.atoms_wrapper_class(logger.atoms(response, request, environ, datetime.timedelta(seconds=0.2)))
    return config.access_log_format % atoms


def test_the_access_log_leaves_out_query_strings_and_referrers():
    line = access_line("q=priya.raman%40nhs.net")

    assert '"GET /admin/mentoring/mentee/ HTTP/1.1" 200' in line
    assert "priya" not in line and "q=" not in line


def test_the_image_and_compose_start_gunicorn_with_that_file():
    assert "config/gunicorn.py" in (ROOT / "Dockerfile").read_text()
    assert "--config config/gunicorn.py" in (ROOT / "docker-compose.yml").read_text()
    assert "--access-logfile" not in (ROOT / "docker-compose.yml").read_text()
