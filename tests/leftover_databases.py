"""PostgreSQL test databases of runs that ended without dropping them, dropped by the next run.

pytest-django drops a run's test databases when its session ends, which an interrupted run never
reaches: on Ctrl+C xdist's workers stop without their teardown, and a cancelled CI job or a killed
process runs nothing more (each left `test_netweave_*_gw0` and `_gw1` behind when tried). So every
process of a run keeps a connection to the server open, named after the run, for as long as it
lives; a run starting drops the test databases of the runs with no such connection any more. Only
the current role's databases: another role's connections may be hidden from it.
"""

from __future__ import annotations

import re
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

NAME = re.compile(r"test_netweave_run_([0-9a-f]{12})(?:_gw\d+)?")
"""How netweave.settings.test names a run's test database (pytest-django adds _gw0, _gw1…);
run_kept refuses any other name, so a change there cannot silently turn this off."""


CLEARING = 0x6E657477_65617665
"""The advisory lock a run holds while it drops ended runs' databases. The tests that make
databases named as a run's (tests/test_leftover_databases.py) hold it while those must stay,
so that another run starting meanwhile (two CI jobs on one server) does not drop them."""


def keeper_name(run: str) -> str:
    """The application name of the connection that says run ``run`` is alive."""
    return f"netweave tests {run}"


def left_over(server: psycopg.Connection) -> list[str]:
    """The current role's test databases whose run has no connection open any more."""
    owned = server.execute(
        "SELECT datname FROM pg_database"
        " WHERE datdba = (SELECT oid FROM pg_roles WHERE rolname = current_user) ORDER BY datname"
    ).fetchall()
    alive = {name for (name,) in server.execute("SELECT application_name FROM pg_stat_activity")}
    return [
        name
        for (name,) in owned
        if (match := NAME.fullmatch(name)) and keeper_name(match.group(1)) not in alive
    ]


@contextmanager
def run_kept(conninfo: str, test_database: str) -> Iterator[None]:
    """For the block, the connection that says this run (the one ``test_database`` is named
    after) is alive; opened first, then the databases of ended runs are dropped."""
    match = NAME.fullmatch(test_database)
    if match is None:
        raise ValueError(f"{test_database!r} is not named as the test settings name databases")
    server = make_conninfo(conninfo, dbname="postgres", application_name=keeper_name(match[1]))
    with psycopg.connect(server, autocommit=True) as keeper:
        with clearing(keeper):
            for name in left_over(keeper):
                try:
                    keeper.execute(
                        sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))
                    )
                except psycopg.Error as error:  # someone is connected to it: it stays, named
                    warnings.warn(
                        f"test database {name} of an ended run not dropped: {error}", stacklevel=1
                    )
        yield


@contextmanager
def clearing(server: psycopg.Connection) -> Iterator[None]:
    """For the block, no other run drops ended runs' databases (:data:`CLEARING` held)."""
    server.execute("SELECT pg_advisory_lock(%s)", [CLEARING])
    try:
        yield
    finally:
        server.execute("SELECT pg_advisory_unlock(%s)", [CLEARING])


def strays_ended(conninfo: str, test_database: str, patience: float = 5.0) -> list[str]:
    """The sessions other than this process's still connected to ``test_database`` after
    ``patience`` seconds, described and then terminated, so that the database can be dropped.

    Call with this process's own Django connections closed: whatever is left is a connection
    a thread, a context or a child process left open (PostgreSQL refuses to drop a database
    anyone is connected to). A session on its way out (a live server's request thread that is
    closing its connection as the browser goes) is given ``patience`` to leave.
    """
    server = make_conninfo(conninfo, dbname="postgres")
    query = (
        "SELECT pid, application_name, state, backend_start, left(query, 120)"
        " FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() ORDER BY pid"
    )
    with psycopg.connect(server, autocommit=True) as admin:
        deadline = time.monotonic() + patience
        while (rows := admin.execute(query, [test_database]).fetchall()) and (
            time.monotonic() < deadline
        ):
            time.sleep(0.1)
        for pid, *_ in rows:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    return [
        f"pid {pid} ({application or 'no application name'}, {state}, since {start:%H:%M:%S}):"
        f" {last_query!r}"
        for pid, application, state, start, last_query in rows
    ]


def exists(conninfo: str, database: str) -> bool:
    """Whether ``database`` is on the server."""
    with psycopg.connect(make_conninfo(conninfo, dbname="postgres"), autocommit=True) as admin:
        row = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
    return row is not None
