"""A run that ended without dropping its PostgreSQL test databases leaves them to the next run,
which drops them; a run still going keeps its own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from django.db import connection
from psycopg import sql
from psycopg.conninfo import make_conninfo

from leftover_databases import keeper_name, left_over, run_kept
from netweave.reports.reading import postgres_conninfo

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's databases")


def _run() -> str:
    return uuid.uuid4().hex[:12]


@pytest.fixture
def server() -> Iterator[psycopg.Connection]:
    conninfo = postgres_conninfo(connection)
    assert conninfo is not None
    with psycopg.connect(make_conninfo(conninfo, dbname="postgres"), autocommit=True) as admin:
        yield admin


@pytest.fixture
def created(server) -> Iterator[list[str]]:
    """Databases this test creates (named as a run's test databases), dropped afterwards."""
    names: list[str] = []
    yield names
    for name in names:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def _create(server, created: list[str], run: str, worker: str) -> str:
    name = f"test_netweave_run_{run}_{worker}"
    server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    created.append(name)
    return name


def _existing(server, names: list[str]) -> set[str]:
    rows = server.execute("SELECT datname FROM pg_database WHERE datname = ANY(%s)", [names])
    return {name for (name,) in rows}


def test_the_next_run_drops_the_databases_of_an_ended_run_and_keeps_a_living_runs(server, created):
    ended = [_create(server, created, ended_run := _run(), worker) for worker in ("gw0", "gw1")]
    living_run = _run()
    living = _create(server, created, living_run, "gw0")
    conninfo = postgres_conninfo(connection)
    assert conninfo is not None
    alive = make_conninfo(conninfo, dbname="postgres", application_name=keeper_name(living_run))

    with psycopg.connect(alive, autocommit=True):
        assert {*ended, living} & set(left_over(server)) == set(ended), ended_run
        with run_kept(conninfo, f"test_netweave_run_{_run()}_gw0"):
            assert _existing(server, [*ended, living]) == {living}
    assert living in left_over(server)  # its run's connection has closed


def test_a_database_named_otherwise_is_refused():
    conninfo = postgres_conninfo(connection)
    assert conninfo is not None
    with pytest.raises(ValueError, match="not named as"), run_kept(conninfo, "test_netweave_1234"):
        pass
