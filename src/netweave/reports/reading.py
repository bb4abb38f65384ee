"""The rows of a compiled ORM query as a Polars frame: the reader that gets them to Polars fastest
while seeing what Django's own connection sees.

Two readers give the same frame (:func:`frame_reader`):

- **columnar** (PostgreSQL): ``adbc-driver-postgresql`` on a connection of its own hands Polars
  Arrow columns through the Arrow PyCapsule stream (``pl.DataFrame(cursor.fetch_arrow())``, no
  pyarrow table in between): no Python object per value. On the interactions of 10,000 members
  (989,644 rows) 0.68 client CPU s against 1.74 for the rows reader, the server's CPU about the
  same (``benchmarks/readers.py``; figures in ``docs/report.md``);
- **rows**: Django's own connection, ``cursor.fetchall()`` into ``pl.DataFrame(orient="row")``.

SQLite is always read by the rows reader. ADBC's SQLite driver was 3× faster (0.97 CPU s against
3.14) but carries its own copy of the SQLite library: two copies in one process do not see each
other's POSIX locks, and closing either's file releases the other's ("How To Corrupt An SQLite
Database File", § 2.2.1). The test suite met it as "disk I/O error" on Django's next connection
to the database the driver had read. ``connectorx`` (also a bundled SQLite) binds no parameters.

The columnar reader's connection is a second one: it sees only what is committed. It is used
only while Django's connection has no transaction open (``in_atomic_block`` is false), for then
everything this process wrote is committed and both connections see the same rows; inside a
transaction (a request or task wrapped in ``atomic``, every non-transactional test) the rows
reader answers. It is also the rows reader when the driver is not installed, when the server
refuses the second connection (logged), and for a connection that assumes a role
(``assume_role``: the second connection would read with other rights).

Both run the SQL the ORM compiled, with its parameters bound by the driver; only the
placeholders are rewritten (``%s`` → ``$1, $2, …``; ``%%`` → ``%``, as psycopg does).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

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


class _Rows:
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


class _Columnar:
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


def _placeholders(sql: str) -> str:
    """Django's ``%s`` placeholders as the ADBC PostgreSQL driver's ``$1, $2, …``."""
    count = 0

    def swap(match: re.Match[str]) -> str:
        nonlocal count
        if match.group() == "%%":
            return "%"
        count += 1
        return f"${count}"

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
    """A new ADBC connection to Django's database, or None if none may stand in for it."""
    if connection.vendor != "postgresql":
        return None  # SQLite: see the module's docstring
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


@contextmanager
def frame_reader(alias: str, *, columnar: bool = True) -> Iterator[FrameReader]:
    """A reader of frames from database ``alias``, for the ``with`` block: columnar (one ADBC
    connection for all the block's reads, closed at its end) when ``columnar`` and the
    conditions above allow, else Django's own connection."""
    connection = connections[alias]
    adbc = None if not columnar or connection.in_atomic_block else _adbc_connect(connection)
    if adbc is None:
        yield _Rows(connection)
        return
    try:
        yield _Columnar(adbc)
    finally:
        adbc.close()
