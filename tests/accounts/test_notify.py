"""Mail through GOV.UK Notify, tested against a fake of Notify's HTTP API on a loopback port (never the
real service): the template for the kind of email, the subject and body as personalisation, a signed
request, and a refusal kept for retry like any other."""

import json
import subprocess
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest

from accounts.services import email_queue, email_send
from tests.config.test_settings import PRODUCTION_ENV, ROOT

SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
API_KEY = f"mentoring_test-{SERVICE_ID}-{SECRET}"
DEFAULT_TEMPLATE, FOLLOW_UP_TEMPLATE = str(uuid.uuid4()), str(uuid.uuid4())


class FakeNotify(BaseHTTPRequestHandler):
    def do_POST(self):
        server = self.server
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        token = self.headers["Authorization"].removeprefix("Bearer ")
        claims = jwt.decode(token, SECRET, algorithms=["HS256"])
        server.received.append({"path": self.path, "issuer": claims["iss"], **body})
        status, reply = server.answer
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(reply).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def notify(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNotify)
    server.received = []
    server.answer = (201, {"id": str(uuid.uuid4()), "reference": None, "content": {}, "template": {}})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "accounts.notify.NotifyEmailBackend"
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.NOTIFY_TEMPLATE_IDS = {"default": DEFAULT_TEMPLATE, "follow_up": FOLLOW_UP_TEMPLATE}
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_an_email_goes_to_notify_with_the_template_of_its_kind(notify):
    email = email_queue(to="mentee@practice.nhs.uk", subject="Your survey", body_text="Please answer", kind="follow_up")

    assert email_send(email_id=email.pk) is True

    assert notify.received == [
        {
            "path": "/v2/notifications/email",
            "issuer": SERVICE_ID,
            "email_address": "mentee@practice.nhs.uk",
            "template_id": FOLLOW_UP_TEMPLATE,
            "personalisation": {"subject": "Your survey", "body": "Please answer"},
        }
    ]
    email.refresh_from_db()
    assert email.sent_at is not None


@pytest.mark.django_db
def test_an_email_of_another_kind_uses_the_default_template(notify):
    email = email_queue(to="mentor@practice.nhs.uk", subject="Approved", body_text="Welcome")

    email_send(email_id=email.pk)

    assert [request["template_id"] for request in notify.received] == [DEFAULT_TEMPLATE]


@pytest.mark.django_db
def test_a_refusal_from_notify_is_kept_for_retry_with_its_status(notify):
    notify.answer = (400, {"status_code": 400, "errors": [{"error": "BadRequestError", "message": "Can't send"}]})
    email = email_queue(to="mentee@practice.nhs.uk", subject="Your survey", body_text="Please answer")

    assert email_send(email_id=email.pk) is False

    email.refresh_from_db()
    assert (email.sent_at, email.attempts, email.last_error) == (None, 1, "HTTPError 400")


def test_setting_a_notify_key_selects_the_notify_backend():
    code = "import django; django.setup(); from django.conf import settings; print(settings.EMAIL_BACKEND)"
    env = {**PRODUCTION_ENV, "SECRET_KEY": "x" * 64, "NOTIFY_API_KEY": API_KEY}
    env.pop("EMAIL_URL")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)

    assert result.stdout.strip() == "accounts.notify.NotifyEmailBackend", result.stderr
