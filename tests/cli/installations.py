"""Real `netweave` processes against an installation of their own (a NETWEAVE_HOME, and on
PostgreSQL a database made for the test and dropped after it)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg


@dataclass(frozen=True)
class Installation:
    home: Path
    database_url: str | None
    """None: SQLite in ``home``."""

    def environment(self) -> dict[str, str]:
        environment = dict(os.environ, NETWEAVE_HOME=str(self.home))
        environment["DJANGO_SETTINGS_MODULE"] = "netweave.settings.local"
        environment.pop("NETWEAVE_DATABASE_URL", None)
        if self.database_url:
            environment["NETWEAVE_DATABASE_URL"] = self.database_url
        return environment

    def run(self, *arguments: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "netweave", *arguments],
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def query(self, sql: str) -> list[tuple]:
        """Rows of ``sql`` read straight from the installation's database."""
        if self.database_url:
            with psycopg.connect(self.database_url) as connection:
                return connection.execute(sql).fetchall()  # type: ignore[arg-type]
        with sqlite3.connect(self.home / "netweave.sqlite3") as connection:
            return connection.execute(sql).fetchall()

    def popen(self, *arguments: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "netweave", *arguments],
            env=self.environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )


@contextmanager
def fresh_installation(home: Path) -> Iterator[Installation]:
    """An installation in ``home``; on PostgreSQL with a new, uniquely named database that is
    dropped afterwards, so two test runs never share one."""
    home.mkdir(parents=True, exist_ok=True)
    server = os.environ.get("NETWEAVE_DATABASE_URL")
    if server is None:
        yield Installation(home, None)
        return
    name = f"netweave_cli_{uuid.uuid4().hex[:12]}"
    admin = server.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Installation(home, server.rsplit("/", 1)[0] + "/" + name)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
