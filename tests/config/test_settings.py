import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "PATH": os.environ["PATH"],
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "ALLOWED_HOSTS": "mentoring.example.nhs.uk",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/mentoring",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "EMAIL_URL": "smtp://mail.example.nhs.uk:587/?tls=True",
    "ENCRYPTION_KEYS": "SFxdVAuK98ocadZzQdcjs2VAi_ReAaUR-rwz9Z9i0G4=",
}


def start_django(env):
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = start_django(PRODUCTION_ENV)

    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_starts_with_secret_key():
    result = start_django({**PRODUCTION_ENV, "SECRET_KEY": "x" * 64})

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("REDIS_URL", "Production needs REDIS_URL."),
        ("EMAIL_URL", "Production needs EMAIL_URL."),
        ("ENCRYPTION_KEYS", "Set the ENCRYPTION_KEYS environment variable"),
    ],
)
def test_production_fails_closed_without_redis_mail_or_encryption_keys(missing, message):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}

    result = start_django({**env, "SECRET_KEY": "x" * 64})

    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_sqlite():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "DATABASE_URL"}
    result = start_django({**env, "SECRET_KEY": "x" * 64})

    assert result.returncode != 0
    assert "Production needs a PostgreSQL DATABASE_URL" in result.stderr


def test_demo_runs_on_sqlite_with_eager_tasks_and_console_mail():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
    ]


def test_first_look_demo_on_sqlite_signs_people_in(tmp_path):
    """make run without services: migrate, seed_demo and sign in, all on SQLite."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    }
    sign_in = (
        "import django; django.setup(); from django.test import Client; c = Client(HTTP_HOST='127.0.0.1'); "
        "r = c.post('/accounts/login/', {'login': 'mentee@demo.mentoring.nhs.example', "
        "'password': 'demo-mentoring-2026'}, follow=True); print(r.status_code, b'Your mentoring' in r.content)"
    )
    for command in (["manage.py", "migrate", "-v0"], ["manage.py", "seed_demo"], ["-c", sign_in]):
        result = subprocess.run(
            [sys.executable, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr

    assert result.stdout.split() == ["200", "True"]


def test_production_refuses_an_encryption_key_that_is_a_passphrase():
    result = start_django({**PRODUCTION_ENV, "SECRET_KEY": "x" * 64, "ENCRYPTION_KEYS": "a-long-random-string"})

    assert result.returncode != 0
    assert "Each ENCRYPTION_KEYS entry must be a key made by Fernet.generate_key()" in result.stderr


def test_dates_read_the_nhs_way():
    import datetime

    from django.template import Context, Template
    from django.utils import formats

    assert formats.date_format(datetime.date(2026, 12, 2)) == "2 December 2026"
    assert Template("{{ day }}").render(Context({"day": datetime.date(2026, 12, 2)})) == "2 December 2026"
    assert formats.date_format(datetime.datetime(2026, 12, 2, 17, 30), "DATETIME_FORMAT") == "2 December 2026, 17:30"
