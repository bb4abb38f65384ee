"""The rows of a compiled ORM query as a Polars frame: the reader that gets them to Polars fastest
while seeing what Django's own connection sees.

Three readers give the same frame (:func:`frame_reader`):

- **columnar** (PostgreSQL): ``adbc-driver-postgresql`` on a connection of its own hands Polars
  Arrow columns through the Arrow PyCapsule stream (``pl.DataFrame(cursor.fetch_arrow())``, no
  pyarrow table in between): no Python object per value. On the interactions of 10,000 members
  (989,644 rows) 0.68 client CPU s against 1.74 for the rows reader, the server's CPU about the
  same (``benchmarks/readers.py``; figures in ``docs/report.md``);
- **process** (SQLite): a large result (:meth:`FrameReader.start`) is read by ADBC's SQLite
  driver in a process of its own (:mod:`netweave.reports.sqlite_child`, the file opened
  read-only) and comes back as an Arrow IPC file, while this process goes on with its other
  reads; the small ones go through Django's connection (a process costs about 0.25 CPU s to
  start). The driver was 3× faster than Django's cursor (0.97 CPU s against 3.14) but carries
  its own copy of the SQLite library: two copies in one process do not see each other's POSIX
  locks, and closing either's file releases the other's ("How To Corrupt An SQLite Database
  File", § 2.2.1; the test suite met it as "disk I/O error"). In a process of its own the copy
  is the only one. ``connectorx`` (also a bundled SQLite) binds no parameters;
- **rows**: Django's own connection, ``cursor.fetchall()`` into ``pl.DataFrame(orient="row")``.

The columnar and process readers' connections are second ones: they see only what is
committed. They are used only while Django's connection has no transaction open
(``in_atomic_block`` is false), for then everything this process wrote is committed and both
connections see the same rows; inside a transaction (a request or task wrapped in ``atomic``,
every non-transactional test) the rows reader answers. It is also the rows reader when the
driver is not installed, when the server refuses the second connection or the process fails
(both logged), for a connection that assumes a role (``assume_role``: the second connection
would read with other rights), and for an in-memory SQLite database (no file to open).

All run the SQL the ORM compiled, with its parameters bound by the driver; only the
placeholders are rewritten (``%s`` → ``$1, $2, …`` or ``?``; ``%%`` → ``%``, as psycopg and
Django's SQLite backend do).
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any, Protocol

import polars as pl
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from netweave.collector import collector_paused

Schema = Mapping[str, pl.DataType | type[pl.DataType]]

logger = logging.getLogger(__name__)
_PLACEHOLDER = re.compile(r"%[s%]")


class FrameReader(Protocol):
    """Runs ``sql`` with ``params``; returns its columns named ``names``, typed by ``schema``."""

    kind: str

    def __call__(
        self, sql: str, params: Sequence[Any], names: Sequence[str], schema: Schema
    ) -> pl.DataFrame: ...

    def start(
        self, sql: str, params: Sequence[Any], names: Sequence[str], schema: Schema
    ) -> Callable[[], pl.DataFrame]:
        """The same read of a large result, begun now where it can go on beside this process;
        the frame when the returned function is called (inside the reader's ``with`` block)."""
        ...


def _typed(frame: pl.DataFrame, names: Sequence[str], schema: Schema) -> pl.DataFrame:
    """``frame``'s columns renamed ``names`` and cast to ``schema``; dates that arrive as ISO
    text (SQLite stores them so) parsed by Polars in one pass."""
    columns = []
    for column, name in zip(frame.columns, names, strict=True):
        expr = pl.col(column)
        if schema[name] == pl.Date and frame.schema[column] == pl.String:
            expr = expr.str.to_date("%Y-%m-%d")
        columns.append(expr.cast(schema[name]).alias(name))
    return frame.select(columns)


class _Deferred:
    """A reader that cannot read beside this process reads when the frame is asked for."""

    def __call__(
        self, sql: str, params: Sequence[Any], names: Sequence[str], schema: Schema
    ) -> pl.DataFrame:
        raise NotImplementedError

    def start(
        self, sql: str, params: Sequence[Any], names: Sequence[str], schema: Schema
    ) -> Callable[[], pl.DataFrame]:
        return lambda: self(sql, params, names, schema)


class _Rows(_Deferred):
    """Django's own connection: ``fetchall`` of plain tuples, then one Polars construction."""

    kind = "rows"

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection
        self.text_dates = connection.vendor == "sqlite"

    def __call__(
        self, sql: str, params: Sequence[Any], names: Sequence[str], schema: Schema
    ) -> pl.DataFrame:
        # SQLite's driver would parse each date in Python; the SQL selects them as text.
        read = {
            name: pl.String if self.text_dates and schema[name] == pl.Date else schema[name]
            for name in names
        }
        # A million rows are a million tuples, which the cyclic garbage collector would scan
        # again and again while they arrive (0.3 of 4.2 CPU s for the tables of 10,000
        # members); tuples of numbers and strings form no cycle.
        with collector_paused(), self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            frame = pl.DataFrame(rows, schema=read, orient="row")
        return _typed(frame, names, schema)


class _Columnar(_Deferred):
    """An ADBC connection of its own: the driver's Arrow stream straight into Polars."""

    kind = "columnar"

    def __init__(self, adbc: Any) -> None:
        self.adbc = adbc

    def __call__(
        self, sql: str, params: Sequence[Any], names: Sequence[str], schema: Schema
    ) -> pl.DataFrame:
        with self.adbc.cursor() as cursor:
            cursor.execute(_placeholders(sql), list(params))
            frame = pl.DataFrame(cursor.fetch_arrow())
        return _typed(frame, names, schema)


# Below about this many rows the rows reader is as quick as a process that must first start
# (0.27 CPU s of the child's own): a row costs 3.2 CPU µs through Django's cursor, 1.4 through
# the process (1.2 there, 0.2 here reading its Arrow), and the process reads beside this one.
# Counted up to the bound only: at a million rows the count costs 0.02 CPU s.
PROCESS_FROM_ROWS = 100_000


class _Process(_Rows):
    """SQLite: a large result read by ADBC's driver in a process of its own, which this one
    does not wait for until the frame is asked for; small results through Django's
    connection (:class:`_Rows`)."""

    kind = "process"

    def __init__(self, connection: BaseDatabaseWrapper, stack: ExitStack) -> None:
        super().__init__(connection)
        self.stack = stack
        self.path = str(Path(connection.settings_dict["NAME"]).resolve())
        # Django's SQLite ``timeout`` (seconds): how long a connection waits for a lock.
        timeout = connection.settings_dict["OPTIONS"].get("timeout", 5)
        self.busy_timeout_ms = round(float(timeout) * 1000)

    def start(
        self, sql: str, params: Sequence[Any], names: Sequence[str], schema: Schema
    ) -> Callable[[], pl.DataFrame]:
        sendable = all(value is None or isinstance(value, int | float | str) for value in params)
        if not sendable or self._fewer_rows_than(sql, params, PROCESS_FROM_ROWS):
            return super().start(sql, params, names, schema)
        request = {
            "path": self.path,
            "sql": _placeholders(sql, qmark=True),
            # SQLite keeps booleans as 1 and 0 (as Python's sqlite3 binds them).
            "params": [int(value) if isinstance(value, bool) else value for value in params],
            "busy_timeout_ms": self.busy_timeout_ms,
        }
        child, output, errors = self.stack.enter_context(_reading_process(request))

        def frame() -> pl.DataFrame:
            failure = _failure(child, errors)
            if failure is None:
                output.seek(0)
                try:
                    return _typed(pl.read_ipc(output), names, schema)
                except (pl.exceptions.PolarsError, OSError) as error:
                    failure = str(error)
            logger.warning(
                "SQLite's reading process failed, reading through Django's connection: %s",
                failure,
            )
            return self(sql, params, names, schema)

        return frame

    def _fewer_rows_than(self, sql: str, params: Sequence[Any], bound: int) -> bool:
        with self.connection.cursor() as cursor:
            # ``sql`` is the ORM's compiled query, its values bound apart; ``bound`` an int.
            cursor.execute(f"SELECT count(*) FROM ({sql} LIMIT {int(bound)})", params)  # noqa: S608
            return int(cursor.fetchone()[0]) < bound


@contextmanager
def _reading_process(
    request: dict[str, Any],
) -> Iterator[tuple[subprocess.Popen[bytes], IO[bytes], IO[bytes]]]:
    """The child reading ``request``, its output and its errors, for the ``with`` block: unnamed
    temporary files, gone when closed (the child never blocks on a full pipe while this process
    reads other tables); the child killed if still running when the block ends."""
    with (
        tempfile.TemporaryFile() as sent,
        tempfile.TemporaryFile() as output,
        tempfile.TemporaryFile() as errors,
    ):
        sent.write(json.dumps(request).encode())
        sent.seek(0)
        child = subprocess.Popen(
            # -P: nothing in the working directory shadows a module (Python 3.11+).
            [sys.executable, "-P", "-m", "netweave.reports.sqlite_child"],
            stdin=sent,
            stdout=output,
            stderr=errors,
            env=_child_environment(),
        )
        try:
            yield child, output, errors
        finally:
            if child.poll() is None:
                child.kill()
            child.wait()


def _child_environment() -> dict[str, str]:
    """This process's environment, with netweave's own folder first on the child's path (this
    process may have found netweave through a path the environment does not name)."""
    root = str(Path(__file__).resolve().parents[2])
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": path}


def _failure(child: subprocess.Popen[bytes], errors: IO[bytes]) -> str | None:
    """None when ``child`` wrote its whole output, else why not (the last line of its errors)."""
    if child.wait() == 0:
        return None
    errors.seek(0)
    lines = errors.read().decode(errors="replace").strip().splitlines()
    return f"exit status {child.returncode}" + (f": {lines[-1]}" if lines else "")


def _placeholders(sql: str, *, qmark: bool = False) -> str:
    """Django's ``%s`` placeholders as the ADBC PostgreSQL driver's ``$1, $2, …``, or as
    SQLite's ``?`` when ``qmark``."""
    count = 0

    def swap(match: re.Match[str]) -> str:
        nonlocal count
        if match.group() == "%%":
            return "%"
        count += 1
        return "?" if qmark else f"${count}"

    return _PLACEHOLDER.sub(swap, sql)


def postgres_conninfo(connection: BaseDatabaseWrapper) -> str | None:
    """The libpq connection string of Django's PostgreSQL connection: the same parameters psycopg
    gets (database name — the test database's under pytest-django —, host, port, user, password
    and ``OPTIONS`` such as ``sslmode``), less the ones libpq does not know (Django's and
    psycopg's own). None when the connection assumes a role."""
    from psycopg import pq
    from psycopg.conninfo import make_conninfo

    if connection.settings_dict["OPTIONS"].get("assume_role"):
        return None
    known = {option.keyword.decode() for option in pq.Conninfo.get_defaults()}
    params = connection.get_connection_params()
    return make_conninfo(
        **{key: value for key, value in params.items() if key in known and value is not None}
    )


def _adbc_connect(connection: BaseDatabaseWrapper) -> Any | None:
    """A new ADBC connection to Django's PostgreSQL database, or None if none may stand in for
    it."""
    if connection.vendor != "postgresql":
        return None
    try:
        import adbc_driver_postgresql.dbapi as postgresql_dbapi
    except ImportError:
        return None
    conninfo = postgres_conninfo(connection)
    if conninfo is None:
        return None
    try:
        return postgresql_dbapi.connect(conninfo)
    except postgresql_dbapi.Error as error:
        # A server that refuses one more connection (max_connections, a pooler) is still read.
        logger.warning(
            "columnar reader unavailable, reading through Django's connection: %s", error
        )
        return None


def _process_possible(connection: BaseDatabaseWrapper) -> bool:
    """Whether a SQLite database may be read by a process of its own: a file (an in-memory
    database is this process's alone), the driver installed, an interpreter to start."""
    return (
        not connection.is_in_memory_db()  # type: ignore[attr-defined]
        and bool(sys.executable)
        and importlib.util.find_spec("adbc_driver_sqlite") is not None
    )


@contextmanager
def frame_reader(alias: str, *, columnar: bool = True) -> Iterator[FrameReader]:
    """A reader of frames from database ``alias``, for the ``with`` block: when ``columnar``
    and the conditions above allow, columnar (PostgreSQL: one ADBC connection for all the
    block's reads, closed at its end) or the process reader (SQLite: a process per started
    read, killed at the block's end if still running); else Django's own connection."""
    connection = connections[alias]
    if not columnar or connection.in_atomic_block:
        yield _Rows(connection)
        return
    if connection.vendor == "sqlite":
        if not _process_possible(connection):
            yield _Rows(connection)
            return
        with ExitStack() as stack:
            yield _Process(connection, stack)
        return
    adbc = _adbc_connect(connection)
    if adbc is None:
        yield _Rows(connection)
        return
    try:
        yield _Columnar(adbc)
    finally:
        adbc.close()
