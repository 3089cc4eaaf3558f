"""One settings module, configured from the environment (twelve-factor).

With nothing set it runs a local demo: DEBUG must be switched on explicitly, then SQLite, eager
Celery and console mail are used. With DEBUG off (production) it refuses to start without a
SECRET_KEY and a PostgreSQL DATABASE_URL.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from accounts.crypto import NOT_A_KEY, key_problem

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="insecure-local-demo-key-never-used-in-production")
else:
    # No default: production refuses to start without its own key.
    SECRET_KEY = env("SECRET_KEY")

# Keys for encryption at rest (accounts.crypto, which says how to make and rotate them); newest
# first. The demo's key is public, so production must set its own.
if DEBUG:
    ENCRYPTION_KEYS = env.list("ENCRYPTION_KEYS", default=["n7p_SutClylTbJrzW-RFu-BzzGsHtKbrqQ1jHsDNaZg="])
else:
    ENCRYPTION_KEYS = env.list("ENCRYPTION_KEYS")
if any(key_problem(key) for key in ENCRYPTION_KEYS):
    raise ImproperlyConfigured(NOT_A_KEY)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.microsoft",
    "crispy_forms",
    "csp",
    "import_export",
    "accounts",
    "schemes",
    "mentoring",
    "surveys",
    "claims",
    "reporting",
    "portal",
]

MIDDLEWARE = [
    "accounts.headers.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "accounts.headers.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite for a first look, PostgreSQL otherwise; production is PostgreSQL only.
if "DATABASE_URL" in env:
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "demo.sqlite3"}}
if not DEBUG and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production needs a PostgreSQL DATABASE_URL.")
# Production fails closed: without Redis, rate limits and one-time codes would hold per process
# only and jobs would run inside requests; without EMAIL_URL, mail would be printed into the logs.
for required in ("REDIS_URL", "EMAIL_URL"):
    if not DEBUG and required not in env and not (required == "EMAIL_URL" and "NOTIFY_API_KEY" in env):
        raise ImproperlyConfigured(f"Production needs {required}.")
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: broker, cache (rate limits, one-time TOTP codes) and sessions across processes.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/London"
# Static: work that is due later is a due-date column swept here, never a far-future ETA.
CELERY_BEAT_SCHEDULE = {
    "email-outbox-sweep": {"task": "accounts.tasks.email_outbox_sweep", "schedule": 60.0},
    "survey-dispatch-sweep": {"task": "surveys.tasks.dispatch_sweep", "schedule": 15 * 60.0},
    # Sunday 03:00: anonymise the records of people past their scheme's retention (portal.services).
    "retention-sweep": {"task": "portal.tasks.retention_sweep", "schedule": crontab(minute=0, hour=3, day_of_week=0)},
}

# Mail: the console unless EMAIL_URL says otherwise (smtp://user:pass@host:587/?tls=True).
if "EMAIL_URL" in env:
    vars().update(env.email("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = 30
# GOV.UK Notify instead of SMTP: NOTIFY_API_KEY set selects it. Each kind of email may have its own Notify
# template (NOTIFY_TEMPLATE_IDS, kind=id,...); the "default" one takes ((subject)) and ((body)).
NOTIFY_API_KEY = env("NOTIFY_API_KEY", default="")
NOTIFY_BASE_URL = env("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
NOTIFY_TEMPLATE_IDS = env.dict("NOTIFY_TEMPLATE_IDS", default={})
if NOTIFY_API_KEY:
    EMAIL_BACKEND = "accounts.notify.NotifyEmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="GP Mentoring <no-reply@mentoring.nhs.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where links in emails point (the service's public address).
SITE_URL = env("SITE_URL", default="http://localhost:8000")
# How long a survey link in an email works.
SURVEY_LINK_MAX_AGE_DAYS = env.int("SURVEY_LINK_MAX_AGE_DAYS", default=60)
# Rows the sweep claims per transaction: short transactions, so a killed worker loses at most one batch's work.
SURVEY_SWEEP_BATCH = env.int("SURVEY_SWEEP_BATCH", default=200)

# Accounts: a user is an email address; allauth signs them in, verifies email and runs MFA.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
# The service's name and address in emails (allauth's "Hello from ...").
SITE_NAME = env("SITE_NAME", default="GP Mentoring")
SITE_DOMAIN = urlsplit(SITE_URL).netloc
ACCOUNT_EMAIL_SUBJECT_PREFIX = "GP Mentoring: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "GP Mentoring"

# "Sign in with NHSmail": NHSmail is a Microsoft Entra ID tenant. Off, and absent from the sign-in page,
# unless the tenant and client id are set. It only links to an existing account with the same nhs.net
# address (accounts.adapters.SocialAccountAdapter); MFA still applies after it.
NHSMAIL_TENANT_ID = env("NHSMAIL_TENANT_ID", default="")
NHSMAIL_CLIENT_ID = env("NHSMAIL_CLIENT_ID", default="")
# Pointed elsewhere only for a local stand-in of Microsoft's endpoints.
NHSMAIL_LOGIN_URL = env("NHSMAIL_LOGIN_URL", default="https://login.microsoftonline.com")
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {"microsoft": {"APPS": []}}
if NHSMAIL_TENANT_ID and NHSMAIL_CLIENT_ID:
    SOCIALACCOUNT_PROVIDERS["microsoft"]["APPS"] = [
        {
            "name": "NHSmail",
            "client_id": NHSMAIL_CLIENT_ID,
            "secret": env("NHSMAIL_CLIENT_SECRET", default=""),
            "settings": {
                "tenant": NHSMAIL_TENANT_ID,
                "login_url": NHSMAIL_LOGIN_URL,
                "graph_url": env("NHSMAIL_GRAPH_URL", default="https://graph.microsoft.com"),
            },
        }
    ]

# Behind the TLS proxy (deploy/nginx.conf, docker-compose's `proxy`), which overwrites X-Forwarded-For:
# sign-in rate limits count the address it saw, so one client's bad passwords never lock out another.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0 if DEBUG else 1)

SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Security: secure by default; plain HTTP only when DEBUG is on. The proxy in front must overwrite
# X-Forwarded-Proto (never pass on a client's), and gunicorn must be reachable only through it.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Request bodies: the largest upload is a 5 MB certificate. A bigger body is refused (413) before it is
# read (accounts.headers.RequestBodyLimitMiddleware), as the proxy refuses it (client_max_body_size);
# form fields apart from files stay under Django's 2.5 MB, and files past 2.5 MB go to a temporary file.
MAX_REQUEST_BODY_BYTES = 8 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        # The sign-in button posts to us and is redirected on to NHSmail's sign-in, which browsers check too.
        "form-action": [SELF, *([NHSMAIL_LOGIN_URL] if SOCIALACCOUNT_PROVIDERS["microsoft"]["APPS"] else [])],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
# Our words for the account pages allauth provides: sentence case and plain English (locale/en_GB).
LOCALE_PATHS = [BASE_DIR / "locale"]
# "2 December 2026" everywhere (config/formats/en_GB).
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["nhsuk"]
CRISPY_TEMPLATE_PACK = "nhsuk"

# Logs carry ids and events, never names, emails or notes; error reports (the debug page, mail to ADMINS)
# hide what is marked sensitive_variables / sensitive_post_parameters, with DEBUG on or off.
DEFAULT_EXCEPTION_REPORTER_FILTER = "accounts.errors.ExceptionReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
