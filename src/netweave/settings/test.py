"""Settings for the test suite. NETWEAVE_DATABASE_URL picks PostgreSQL; SQLite otherwise."""

from __future__ import annotations

import tempfile
from pathlib import Path

from netweave.settings import environment
from netweave.settings.base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-not-for-any-served-installation"  # noqa: S105
DEBUG = False
NETWEAVE_HOME = Path(tempfile.mkdtemp(prefix="netweave-test-"))
DATABASES = {"default": environment.database(NETWEAVE_HOME / "test.sqlite3")}
REPORTS_DIR = NETWEAVE_HOME / "reports"
MEDIA_ROOT = NETWEAVE_HOME / "media"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
