"""Settings shared by every environment. Values an operator changes come from environment.py."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from netweave.logs import logging_config
from netweave.settings import environment

PACKAGE_DIR = Path(__file__).resolve().parent.parent
NETWEAVE_HOME = environment.home()

SECRET_KEY = os.environ.get("NETWEAVE_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = environment.listing("NETWEAVE_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "axes",
    "netweave.networks",
    "netweave.ledger",
    "netweave.routines",
    "netweave.introductions",
    "netweave.initiatives",
    "netweave.reports",
    "netweave.dashboard",
    "netweave.accounts",
    "netweave.interop",
    "netweave.api",
    "netweave.governance",
    "netweave.maps",
    "netweave.web",
]

MIDDLEWARE = [
    # First, so that every line logged while answering carries the request's id.
    "netweave.web.middleware.request_id_middleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered here, before sessions and the database are touched.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "netweave.web.middleware.private_cache_middleware",
    "netweave.web.middleware.database_busy_middleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "netweave.urls"
WSGI_APPLICATION = "netweave.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "netweave.web.context_processors.network_context",
            ],
        },
    },
]

DATABASES = {"default": environment.database(NETWEAVE_HOME / "netweave.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Argon2id for new and changed passwords; older hashes still verify and are upgraded at login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Django's rules, with messages that say "je" in Dutch and are translated (accounts/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "netweave.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "netweave.accounts.passwords.MinimumLengthValidator"},
    {"NAME": "netweave.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "netweave.accounts.passwords.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("NETWEAVE_TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True
# 14.907 in Dutch, 14,907 in English: every number a page shows is grouped per language.
USE_THOUSAND_SEPARATOR = True
# English dates day first ("2 August 2026"): see netweave/formats/en/formats.py.
FORMAT_MODULE_PATH = ["netweave.formats"]

STATIC_URL = "static/"
# `netweave serve` collects the static files here; WhiteNoise serves them, compressed, under
# names that change with their content (so browsers may keep them for a year).
STATIC_ROOT = NETWEAVE_HOME / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "netweave.web.staticfiles.StaticStorage"},
}

# Every page may load scripts, styles, images and data from netweave itself and nothing else;
# no inline script or style runs (pages keep theirs in static files). Pico's icons are data: URIs.
# A generated HTML report, downloaded, sets its own stricter policy (reports/views.py).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = logging_config(
    NETWEAVE_HOME / "logs", level=os.environ.get("NETWEAVE_LOG_LEVEL", "INFO").upper()
)
MEDIA_ROOT = NETWEAVE_HOME / "media"
REPORTS_DIR = NETWEAVE_HOME / "reports"
# A report run whose worker gave no sign of life for this long is marked failed (reports/services).
REPORT_RUN_STALE_AFTER = timedelta(seconds=60)

# django-axes checks every login before Django's own backend: 5 failures for one user name from
# one address lock that pair for 15 minutes (others, and that user elsewhere, still log in).
# The address is REMOTE_ADDR; behind a reverse proxy see docs/accounts.md.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "netweave.accounts.throttling.lockout_response"
AXES_VERBOSE = False

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# Links in e-mails point here (a served installation sets it to its public address).
NETWEAVE_SITE_URL = os.environ.get("NETWEAVE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Mail goes through the SMTP server in NETWEAVE_SMTP_*; without one it is written to files in
# NETWEAVE_HOME/outbox, so nothing a steward sends is ever silently lost.
DEFAULT_FROM_EMAIL = os.environ.get("NETWEAVE_MAIL_FROM", "netweave <netweave@localhost>")
EMAIL_SUBJECT_PREFIX = "[netweave] "
if os.environ.get("NETWEAVE_SMTP_HOST"):
    _port = int(os.environ.get("NETWEAVE_SMTP_PORT", "587"))
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["NETWEAVE_SMTP_HOST"],
                "port": _port,
                "username": os.environ.get("NETWEAVE_SMTP_USER", ""),
                "password": os.environ.get("NETWEAVE_SMTP_PASSWORD", ""),
                "use_tls": environment.flag("NETWEAVE_SMTP_TLS", default=_port == 587),
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(NETWEAVE_HOME / "outbox")},
        }
    }
