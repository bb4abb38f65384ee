"""Settings for the test suite. NETWEAVE_DATABASE_URL picks PostgreSQL; SQLite otherwise."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from pathlib import Path

from netweave.logs import logging_config
from netweave.settings import environment
from netweave.settings.base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-not-for-any-served-installation"  # noqa: S105
DEBUG = False
NETWEAVE_HOME = Path(tempfile.mkdtemp(prefix="netweave-test-"))
_MADE_BY = os.getpid()


def _home_removed() -> None:
    """This process's folder goes with it; a forked child (the report's PDF process) shares the
    folder with its parent, which still needs it, so only the process that made it removes it."""
    if os.getpid() == _MADE_BY:
        shutil.rmtree(NETWEAVE_HOME, ignore_errors=True)


atexit.register(_home_removed)
DATABASES = {"default": environment.database(NETWEAVE_HOME / "test.sqlite3")}
# Each request's connection closed at its end, as Django's default, not kept for a minute: the
# browser tests' live server answers in a thread per browser connection, and a thread kept alive
# by a browser (HTTP keep-alive) kept its database connection open past the session's end, so
# the test database could not be dropped (tests/conftest.py's django_db_setup names any such).
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Two test runs at once on one PostgreSQL must not share a test database: name it after this run.
# pytest-xdist gives every worker of one run the same random id (pytest-django appends the
# worker's name, gw0, gw1…); a run without xdist draws its own. Not the process id: two CI jobs
# in containers of their own often start pytest as the same pid, and the second would drop the
# first's database to create its own.
_RUN = (os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex)[:12]
# tests/leftover_databases.py reads the run from this name: a run that ends without dropping its
# databases (Ctrl+C, a cancelled job) leaves them to the next, which drops them.
_TEST_NAME = f"test_netweave_run_{_RUN}"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # In this run's own folder, never in the working directory (a SQLite name is a file path).
    _TEST_NAME = str(NETWEAVE_HOME / f"{_TEST_NAME}.sqlite3")
DATABASES["default"]["TEST"] = {"NAME": _TEST_NAME}
REPORTS_DIR = NETWEAVE_HOME / "reports"
STATIC_ROOT = NETWEAVE_HOME / "static"
STATIC_ROOT.mkdir()
# Pages find their static files where they are (nothing is collected for a test run).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = logging_config(NETWEAVE_HOME / "logs", level="INFO")
MEDIA_ROOT = NETWEAVE_HOME / "media"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
