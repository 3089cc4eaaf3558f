"""A stand-in for NHSmail's Microsoft Entra ID endpoints on a loopback port, for tests: the edge of the
world. It serves the three URLs allauth's Microsoft provider uses: authorize (redirects straight back
with a code, as if the person had signed in at Microsoft), token, and Graph's /me (the profile it is
given)."""

import copy
import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

TENANT = "nhsmail-test-tenant"
CLIENT_ID = "gp-mentoring-test-client"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send_json(self, status, body):
        content = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def do_GET(self):
        fake = self.server.fake
        url = urlparse(self.path)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        if url.path == f"/{TENANT}/oauth2/v2.0/authorize":
            fake.authorize_requests.append(query)
            code = secrets.token_urlsafe(16)
            fake.codes[code] = query["redirect_uri"]
            self.send_response(302)
            self.send_header(
                "Location", f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
            )
            self.end_headers()
        elif url.path == "/v1.0/me":
            if self.headers.get("Authorization") != f"Bearer {fake.access_token}":
                self._send_json(401, {"error": {"message": "Access token is missing or invalid"}})
            else:
                self._send_json(200, fake.profile)
        else:
            self._send_json(404, {"error": {"message": "not here"}})

    def do_POST(self):
        fake = self.server.fake
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        form = {key: values[0] for key, values in parse_qs(body).items()}
        if urlparse(self.path).path != f"/{TENANT}/oauth2/v2.0/token":
            self._send_json(404, {"error": "not here"})
        elif form.get("client_id") != CLIENT_ID or fake.codes.pop(form.get("code"), None) != form.get("redirect_uri"):
            self._send_json(400, {"error": "invalid_grant"})
        else:
            self._send_json(200, {"access_token": fake.access_token, "token_type": "Bearer", "expires_in": 3600})


class FakeNHSmail:
    """Start with `with FakeNHSmail(profile) as fake:`; `fake.settings` is SOCIALACCOUNT_PROVIDERS for it."""

    def __init__(self, profile):
        self.profile = profile
        self.codes = {}
        self.authorize_requests = []
        self.access_token = secrets.token_urlsafe(16)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.settings = {
            "microsoft": {
                "APPS": [
                    {
                        "name": "NHSmail",
                        "client_id": CLIENT_ID,
                        "secret": "test-secret",
                        "settings": {"tenant": TENANT, "login_url": self.url, "graph_url": self.url},
                    }
                ]
            }
        }

    def settings_for(self, settings):
        """The settings that point the sign-in at this stand-in, the page's form-action included."""
        csp = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        csp["DIRECTIVES"]["form-action"] = [*csp["DIRECTIVES"]["form-action"], self.url]
        return {"SOCIALACCOUNT_PROVIDERS": self.settings, "CONTENT_SECURITY_POLICY": csp}

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()


def follow_authorize(url):
    """What a browser does at Microsoft: ask the authorize URL and get sent back with a code."""
    import http.client

    parsed = urlparse(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
    connection.request("GET", f"{parsed.path}?{parsed.query}")
    response = connection.getresponse()
    location = response.getheader("Location")
    connection.close()
    return location
