"""A run that ended without dropping its PostgreSQL test databases leaves them to the next run,
which drops them; a run still going keeps its own."""

from __future__ import annotations

import http.client
import time
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit

import psycopg
import pytest
from django.db import connection
from psycopg import sql
from psycopg.conninfo import make_conninfo

from leftover_databases import (
    clearing,
    exists,
    keeper_name,
    left_over,
    run_kept,
    strays_ended,
)
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
    # Databases named as runs' are fair game for any run starting meanwhile (another CI job on
    # this server): they are made and read while no run may drop ended runs' databases.
    conninfo = postgres_conninfo(connection)
    assert conninfo is not None
    living_run = _run()
    alive = make_conninfo(conninfo, dbname="postgres", application_name=keeper_name(living_run))
    with psycopg.connect(alive, autocommit=True) as living_runs_keeper:
        with clearing(server):
            ended = [_create(server, created, ended_run := _run(), w) for w in ("gw0", "gw1")]
            living = _create(server, created, living_run, "gw0")
            assert {*ended, living} & set(left_over(server)) == set(ended), ended_run
        with run_kept(conninfo, f"test_netweave_run_{_run()}_gw0"):
            assert _existing(server, [*ended, living]) == {living}
        with clearing(server):
            keeper_pid = living_runs_keeper.info.backend_pid
            living_runs_keeper.close()
            _gone(server, keeper_pid)
            assert living in left_over(server)  # its run's connection has closed


def _gone(server, pid: int) -> None:
    """Wait until the backend ``pid`` has left pg_stat_activity: a closed client's backend
    exits a moment after the client hangs up, not as ``close()`` returns."""
    query = "SELECT count(*) FROM pg_stat_activity WHERE pid = %s"
    deadline = time.monotonic() + 10
    while server.execute(query, [pid]).fetchone()[0] and time.monotonic() < deadline:
        time.sleep(0.05)


def test_a_database_named_otherwise_is_refused():
    conninfo = postgres_conninfo(connection)
    assert conninfo is not None
    with pytest.raises(ValueError, match="not named as"), run_kept(conninfo, "test_netweave_1234"):
        pass


def test_a_session_left_on_the_test_database_is_named_and_ended(server, created):
    conninfo = postgres_conninfo(connection)
    assert conninfo is not None
    with clearing(server):  # named as a run's: no other run may drop it meanwhile
        name = _create(server, created, _run(), "gw0")
        left_open = psycopg.connect(
            make_conninfo(conninfo, dbname=name, application_name="left open")
        )
        left_open.execute("SELECT 1")

        strays = strays_ended(conninfo, name, patience=0.2)

        assert len(strays) == 1 and "left open" in strays[0] and "SELECT 1" in strays[0]
        with pytest.raises(psycopg.OperationalError):
            left_open.execute("SELECT 1")  # ended, so that the database can be dropped
        assert strays_ended(conninfo, name, patience=0) == []
        server.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
        assert not exists(conninfo, name)


@pytest.mark.django_db(transaction=True)
def test_the_live_servers_threads_keep_no_database_connection_after_a_response(live_server, server):
    # A browser keeps its HTTP connection open, and with it the live server's thread that
    # answers it: the database connection that thread opened must still close with the response,
    # or it is still open when the session ends and the test database cannot be dropped.
    address = urlsplit(live_server.url)
    browser_like = http.client.HTTPConnection(address.hostname, address.port)
    # A session cookie makes the page read the session table.
    browser_like.request("GET", "/networks/x/", headers={"Cookie": f"sessionid={'x' * 32}"})
    assert browser_like.getresponse().read() is not None
    own = connection.connection.info.backend_pid if connection.connection else None
    query = "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid IS DISTINCT FROM %s"
    others = 1
    for _ in range(20):  # the thread closes it as it finishes the response: give it a moment
        (others,) = server.execute(query, [connection.settings_dict["NAME"], own]).fetchone()
        if others == 0:
            break
        time.sleep(0.1)
    browser_like.close()
    assert others == 0, "a live server thread kept its database connection"
