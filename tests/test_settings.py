from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from netweave.networks.models import Network
from netweave.settings import environment


def _import_settings(module: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NETWEAVE_")}
    return subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _import_settings("netweave.settings.production")
    assert result.returncode != 0
    assert "NETWEAVE_SECRET_KEY" in result.stderr


def test_production_starts_with_a_secret_key():
    result = _import_settings("netweave.settings.production", NETWEAVE_SECRET_KEY="k" * 60)
    assert result.returncode == 0, result.stderr


def test_database_url_selects_postgresql(monkeypatch, tmp_path):
    monkeypatch.setenv("NETWEAVE_DATABASE_URL", "postgres://someone@db.internal:5433/nw")
    config = environment.database(tmp_path / "unused.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "nw")


def test_home_defaults_under_the_users_data_directory(monkeypatch, tmp_path):
    monkeypatch.delenv("NETWEAVE_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert environment.home() == tmp_path / "netweave"


@pytest.mark.django_db
def test_the_database_connection_is_configured_for_its_engine():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
            cursor.execute("PRAGMA journal_mode")
            # pytest-django's SQLite test database lives in memory, where WAL reads as "memory".
            assert cursor.fetchone()[0] in {"wal", "memory"}
        else:
            assert connection.vendor == "postgresql"
            assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
            cursor.execute("SHOW server_encoding")
            assert cursor.fetchone()[0] == "UTF8"


def test_postgresql_binds_parameters_on_the_server_and_keeps_the_url_options(monkeypatch, tmp_path):
    monkeypatch.setenv("NETWEAVE_DATABASE_URL", "postgres://someone@db/nw?sslmode=require")
    options = environment.database(tmp_path / "unused.sqlite3")["OPTIONS"]
    assert options["sslmode"] == "require"
    assert options["server_side_binding"] is True and options["prepare_threshold"] > 0


@pytest.mark.django_db
def test_a_query_run_again_and_again_is_prepared_by_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    for _ in range(connection.settings_dict["OPTIONS"]["prepare_threshold"] + 1):
        list(Network.objects.filter(slug="nowhere"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "networks_network"' in statement for statement in prepared), prepared


def test_worker_niceness_defaults_and_is_read_from_the_environment(monkeypatch):
    monkeypatch.delenv("NETWEAVE_WORKER_NICENESS", raising=False)
    assert environment.worker_niceness() == 10
    monkeypatch.setenv("NETWEAVE_WORKER_NICENESS", "19")
    assert environment.worker_niceness() == 19
    monkeypatch.setenv("NETWEAVE_WORKER_NICENESS", " 0 ")
    assert environment.worker_niceness() == 0


@pytest.mark.parametrize("value", ["-5", "20", "low", "2.5"])
def test_worker_niceness_outside_0_to_19_is_refused_with_its_name(monkeypatch, value):
    monkeypatch.setenv("NETWEAVE_WORKER_NICENESS", value)
    with pytest.raises(ImproperlyConfigured, match="NETWEAVE_WORKER_NICENESS"):
        environment.worker_niceness()


# Two CI jobs on one PostgreSQL, each in a container of its own, often start pytest as the same
# process id: here both as 4242.
TEST_DATABASE_NAME = """
import os
os.getpid = lambda: 4242
from netweave.settings import test
print(test.DATABASES["default"]["TEST"]["NAME"])
"""


def _test_database_name(tmp_path, **env: str) -> str:
    """The PostgreSQL test database a fresh process of the test settings names."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NETWEAVE_", "PYTEST_"))}
    server = {"NETWEAVE_DATABASE_URL": "postgres://someone@db/nw"}
    done = subprocess.run(
        [sys.executable, "-c", TEST_DATABASE_NAME],
        env={**clean, **server, "TMPDIR": str(tmp_path), **env},  # the settings' folder there
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_two_test_runs_started_as_the_same_process_name_different_test_databases(tmp_path):
    first, second = (_test_database_name(tmp_path) for _ in range(2))
    assert first.startswith("test_netweave_")
    assert first != second


def test_the_workers_of_one_xdist_run_share_its_name(tmp_path):
    run = {"PYTEST_XDIST_TESTRUNUID": "9f" * 16}
    names = {_test_database_name(tmp_path, **run) for _ in range(2)}
    assert names == {"test_netweave_run_9f9f9f9f9f9f"}  # pytest-django adds _gw0, _gw1…


# A test process's folder outlives a forked child that exits as Python does, then goes with it.
FOLDER_OF_A_TEST_PROCESS = """
import os, sys
import netweave.settings.test as settings
child = os.fork()
if child == 0:
    sys.exit(0)  # runs the atexit handlers it inherited
os.waitpid(child, 0)
print(settings.NETWEAVE_HOME, settings.NETWEAVE_HOME.is_dir())
"""


def test_a_test_process_removes_its_folder_when_it_ends_and_not_before():
    result = subprocess.run(
        [sys.executable, "-c", FOLDER_OF_A_TEST_PROCESS],
        capture_output=True,
        text=True,
        check=True,
    )
    folder, there_after_the_child = result.stdout.split()
    assert there_after_the_child == "True", "a forked child removed its parent's folder"
    assert not os.path.exists(folder)
