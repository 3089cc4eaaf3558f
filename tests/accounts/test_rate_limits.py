"""Sign-in rate limits count each person's own address: behind the proxy in front of gunicorn (which
overwrites X-Forwarded-For), ten bad passwords from one client never lock out another."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.config.test_settings import PRODUCTION_ENV

ROOT = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.2"  # what gunicorn sees as the address of every request: the proxy's
TOO_MANY = "Too many failed login attempts"


def production_trusted_proxy_count():
    """How many proxies allauth trusts with the production settings (0, its default, when none is set)."""
    script = "import django; django.setup(); from allauth import app_settings; print(app_settings.TRUSTED_PROXY_COUNT)"
    env = {**PRODUCTION_ENV, "SECRET_KEY": "x" * 64}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def behind_the_proxy(client_address):
    # What the proxy passes on for a client that wrote its own X-Forwarded-For: its claim, then the truth.
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.1, {client_address}")


def bad_password(client, n):
    # A different account each time, so only the per-address limit (10 a minute) can bite.
    response = client.post(reverse("account_login"), {"login": f"guess{n}@example.com", "password": "wrong-password-1"})
    return response.content.decode()


@pytest.mark.django_db
def test_two_clients_behind_the_proxy_are_limited_separately(mentee):
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=int(production_trusted_proxy_count())):
        guesser, colleague = behind_the_proxy("203.0.113.7"), behind_the_proxy("198.51.100.23")
        for n in range(10):
            assert TOO_MANY not in bad_password(guesser, n)

        assert TOO_MANY in bad_password(guesser, 10)
        assert TOO_MANY not in bad_password(colleague, 11)
        signed_in = colleague.post(
            reverse("account_login"), {"login": mentee.email, "password": "a-long-test-password-1"}
        )
        assert signed_in.status_code == 302


def test_the_proxy_in_docker_compose_overwrites_the_forwarded_headers():
    compose = (ROOT / "docker-compose.yml").read_text()
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()

    assert 'ALLAUTH_TRUSTED_PROXY_COUNT: "1"' in compose and "./deploy/nginx.conf:/etc/nginx/nginx.conf" in compose
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx
    assert "proxy_set_header X-Forwarded-Proto https;" in nginx
