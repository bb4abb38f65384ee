"""A real `netweave import` process killed while it writes leaves the database as it was."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest

from netweave import synth

MEMBERS, YEARS, SEED, UNTIL = 30, 1, 1, date(2026, 6, 30)
ROWS = 300_000


@pytest.fixture
def database(tmp_path) -> Iterator[str | None]:
    """A database of this test's own: a PostgreSQL one when the run uses PostgreSQL."""
    server = os.environ.get("NETWEAVE_DATABASE_URL")
    if server is None:
        yield None
        return
    name = f"interop_kill_{uuid.uuid4().hex[:10]}"
    admin = server.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _environment(home: Path, url: str | None) -> dict[str, str]:
    environment = dict(os.environ, NETWEAVE_HOME=str(home))
    environment["DJANGO_SETTINGS_MODULE"] = "netweave.settings.local"
    environment.pop("NETWEAVE_DATABASE_URL", None)
    if url:
        environment["NETWEAVE_DATABASE_URL"] = url
    return environment


def _count(home: Path, url: str | None) -> int:
    sql = "SELECT count(*) FROM ledger_interaction"
    if url:
        with psycopg.connect(url) as connection:
            return connection.execute(sql).fetchone()[0]
    with sqlite3.connect(home / "netweave.sqlite3") as connection:
        return connection.execute(sql).fetchone()[0]


def _writing(home: Path, url: str | None) -> bool:
    """True once the import is inserting rows (seen from outside the process)."""
    if url:
        with psycopg.connect(url, autocommit=True) as connection:
            found = connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND query ILIKE 'COPY%%'"
            ).fetchone()[0]
        return found > 0
    wal = home / "netweave.sqlite3-wal"
    return wal.exists() and wal.stat().st_size > 8 * 1024 * 1024


@pytest.mark.slow
def test_killing_an_import_halfway_leaves_the_database_as_it_was(tmp_path, database):
    home = tmp_path / "home"
    home.mkdir()
    environment = _environment(home, database)
    netweave = [sys.executable, "-m", "netweave"]
    subprocess.run(
        [*netweave, "generate", "--members", str(MEMBERS), "--years", str(YEARS), "--seed",
         str(SEED), "--until", UNTIL.isoformat(), "--slug", "k"],
        env=environment, check=True, capture_output=True,
    )  # fmt: skip
    emails = (
        synth.generate(synth.SynthConfig(members=MEMBERS, years=YEARS, until=UNTIL, seed=SEED))
        .people["email"]
        .to_list()
    )
    path = tmp_path / "veel.csv"
    with path.open("w") as out:
        out.write("Datum;Van;Naar;Soort\n")
        for number in range(ROWS):
            a, b = emails[number % len(emails)], emails[(number + 1) % len(emails)]
            out.write(f"2026-01-{number % 28 + 1:02d};{a};{b};Ontmoeting\n")
    before = _count(home, database)

    process = subprocess.Popen(
        [*netweave, "import", str(path), "--network", "k", "--kind", "interactions"],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 240
    while not _writing(home, database):
        assert process.poll() is None, "the import ended before it could be killed"
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()

    assert process.returncode == -signal.SIGKILL
    assert _count(home, database) == before
