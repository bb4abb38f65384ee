"""Settings for a served installation: secrets and hosts must come from the environment."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from netweave.settings import environment
from netweave.settings.base import *  # noqa: F403

SECRET_KEY = os.environ.get("NETWEAVE_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("NETWEAVE_SECRET_KEY must be set to at least 50 random characters.")
ALLOWED_HOSTS = environment.listing("NETWEAVE_ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = environment.listing("NETWEAVE_CSRF_TRUSTED_ORIGINS", [])
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = environment.flag("NETWEAVE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
