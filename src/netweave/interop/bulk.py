"""Insert a Polars frame into a model's table fast, inside the caller's transaction.

For tables of millions of rows (interactions, attendance) where model instances and
``bulk_create`` cost far more than the database does. The frame's columns are model field names
holding database values (foreign keys as primary keys); nothing is validated in Python, so the
database's constraints are the only check, and they all stay in force.

- PostgreSQL: ``COPY … FROM STDIN (FORMAT csv)`` fed with CSV that Polars writes in batches; the
  server parses the text itself, so Python touches no row.
- SQLite: ``executemany`` on batches of plain tuples made by :meth:`polars.DataFrame.rows`, with
  dates already as ISO text (what Django stores) so no adapter runs per row, and a larger page
  cache while the batches run (the indexes on people are written in random order, and with
  SQLite's default 2 MiB cache every insert evicts pages it needs again soon).

A load at least as large as the table already is (:data:`REBUILD_MIN_ROWS` or more) sets the
table's secondary indexes aside — and on PostgreSQL its foreign keys — and makes them again after
the last batch, in the same transaction: building an index from a million rows at once is a sort,
while keeping it up to date is a random walk through it per row (on PostgreSQL with the default
128 MiB of shared buffers, the nine indexes of the interactions no longer fit and every row
evicts pages), and re-adding a foreign key checks every row in one join instead of one query per
row. Every constraint still holds before the commit, checked on all rows: a duplicate import key
fails the unique index's build, a person of another database the foreign key's. A failure or a
killed process rolls the indexes and keys back with the rows. The cost is the lock: on PostgreSQL
nothing else reads or writes the table until the commit (SQLite's readers keep their snapshot),
so a small load into a big table keeps the indexes and waits for no one, and so does a load
into a table pages read while it is written (``readers_wait=False``).

Progress is reported after every batch as ``progress(label, rows_done, rows_total)``, and as
``progress("indexes", made, total)`` while the indexes are made again.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any

import polars as pl
from django.db import connection, models

from netweave.progress import ProgressCallback

COPY_BATCH_ROWS = 200_000
SQLITE_BATCH_ROWS = 50_000
# Page cache while loading, in KiB (SQLite reads a negative cache_size as KiB). Only pages
# actually touched are allocated, so a small load never uses it all.
SQLITE_LOAD_CACHE_KIB = 1024 * 1024
REBUILD_MIN_ROWS = 100_000
# Memory for each index build on PostgreSQL (the server's default, 64 MiB, sorts a million
# keys on disk); for this transaction only.
PG_INDEX_BUILD_MEMORY = "256MB"


def insert_frame(
    model: type[models.Model],
    frame: pl.DataFrame,
    *,
    progress: ProgressCallback,
    label: str | None = None,
    readers_wait: bool = True,
) -> None:
    """Insert every row of ``frame`` into ``model``'s table, in the current transaction.

    Columns of ``frame`` are field names of ``model`` (``"person_a"`` for the foreign key
    ``person_a``). A field left out takes its model default, as ``bulk_create`` would give it
    (``""`` for a blank text, NULL for a nullable field without one). ``readers_wait=False``
    keeps the indexes whatever the size, so that nobody waits for the table's lock.
    """
    label = label or str(model._meta.verbose_name_plural)
    frame = frame.with_columns(_defaults(model, frame.columns))
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [connection.ops.quote_name(_column(model, name)) for name in frame.columns]
    with connection.cursor() as cursor, connection.wrap_database_errors:
        rebuild = (
            readers_wait
            and frame.height >= REBUILD_MIN_ROWS
            and frame.height >= _rows_up_to(cursor, table, frame.height)
        )
    # The keys worth setting aside: those the load fills (an empty key costs no look-up).
    filled = [
        _column(model, name) for name in frame.columns if frame[name].null_count() < frame.height
    ]
    with _indexes_set_aside(model._meta.db_table, filled, progress) if rebuild else nullcontext():
        if connection.vendor == "postgresql":
            _copy(table, columns, frame, label, progress)
        else:
            _executemany(table, columns, frame, label, progress)
    progress(label, frame.height, frame.height)


def _defaults(model: type[models.Model], present: Sequence[str]) -> list[pl.Expr]:
    """A constant column for every field missing from the frame that needs a value."""
    columns = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in present:
            continue
        value = field.get_default()
        if value is None and field.null:
            continue  # NULL: the column's own default
        if isinstance(field, models.JSONField):
            value = json.dumps(value)  # the database parses the text
        if not isinstance(value, str | int | float | bool):
            raise TypeError(f"{model.__name__}.{field.name}: give it a column, default {value!r}")
        columns.append(pl.lit(value).alias(field.name))
    return columns


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column
    return field.column


def _batches(frame: pl.DataFrame, size: int) -> Iterator[pl.DataFrame]:
    for offset in range(0, frame.height, size):
        yield frame.slice(offset, size)


def _copy(
    table: str, columns: Sequence[str], frame: pl.DataFrame, label: str, progress: ProgressCallback
) -> None:
    """One ``COPY`` per batch, with the table's foreign keys checked at the end of each.

    Django declares foreign keys ``DEFERRABLE INITIALLY DEFERRED``, so PostgreSQL would queue one
    check per row and key until the commit: hundreds of MiB of trigger queue for ten million
    rows, and a long silent wait after the last batch. Checking each batch as it lands keeps the
    queue small and the progress bar honest; the checks are the same, only earlier.

    CSV because Polars quotes empty strings (``""``) and leaves nulls empty, which is exactly
    how PostgreSQL's CSV format tells an empty text from NULL.
    """
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)"
    done = 0
    with connection.cursor() as cursor, connection.wrap_database_errors:
        foreign_keys = _foreign_keys(cursor, table)
        if foreign_keys:
            cursor.execute(f"SET CONSTRAINTS {foreign_keys} IMMEDIATE")
        # The psycopg cursor under Django's wrapper: same connection, same transaction.
        raw: Any = cursor.cursor
        for batch in _batches(frame, COPY_BATCH_ROWS):
            buffer = io.BytesIO()
            batch.write_csv(
                buffer,
                include_header=False,
                date_format="%Y-%m-%d",
                datetime_format="%Y-%m-%dT%H:%M:%S%.6f%:z",  # moments keep their UTC offset
            )
            with raw.copy(sql) as copy:
                copy.write(buffer.getbuffer())
            done += batch.height
            progress(label, done, frame.height)
        if foreign_keys:
            # Back to how Django declared them, for whatever the transaction does next.
            cursor.execute(f"SET CONSTRAINTS {foreign_keys} DEFERRED")


def _foreign_keys(cursor: Any, table: str) -> str:
    """The deferrable foreign keys of ``table``, quoted and comma-separated (maybe empty)."""
    cursor.execute(
        "SELECT conname FROM pg_constraint"
        " WHERE conrelid = %s::regclass AND contype = 'f' AND condeferrable",
        [table],
    )
    return ", ".join(connection.ops.quote_name(name) for (name,) in cursor.fetchall())


def _executemany(
    table: str, columns: Sequence[str], frame: pl.DataFrame, label: str, progress: ProgressCallback
) -> None:
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608 - names from models
    # What Django's SQLite backend would store: dates as ISO text (no per-row adapter call).
    frame = frame.with_columns(pl.col(pl.Date).dt.to_string("%Y-%m-%d"))
    frame = frame.with_columns(
        _sqlite_moment(name, dtype.time_zone)
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.Datetime)
    )
    done = 0
    with connection.cursor() as cursor, _sqlite_cache(cursor, SQLITE_LOAD_CACHE_KIB):
        for batch in _batches(frame, SQLITE_BATCH_ROWS):
            cursor.executemany(sql, batch.rows())
            done += batch.height
            progress(label, done, frame.height)


def _sqlite_moment(name: str, zone: str | None) -> pl.Expr:
    """A moment as Django's SQLite backend stores it: UTC, naive, ``str(datetime)`` (no
    fraction when there are no microseconds). SQLite compares these as text, so it must be
    exactly that form, or a filter on the column would order the rows wrongly. A column
    without a time zone is taken to be in UTC already."""
    column = pl.col(name)
    utc = column if zone is None else column.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
    whole = utc.dt.to_string("%Y-%m-%d %H:%M:%S")
    return (
        pl.when(utc.dt.microsecond() == 0)
        .then(whole)
        .otherwise(utc.dt.to_string("%Y-%m-%d %H:%M:%S%.6f"))
        .alias(name)
    )


@contextmanager
def _sqlite_cache(cursor: Any, kib: int) -> Iterator[None]:
    """Raise this connection's page cache to ``kib`` for the block, then put it back."""
    cursor.execute("PRAGMA cache_size")
    (previous,) = cursor.fetchone()
    cursor.execute(f"PRAGMA cache_size = {-int(kib)}")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _rows_up_to(cursor: Any, table: str, limit: int) -> int:
    """The table's number of rows, counted no further than ``limit`` (cheap on a big table)."""
    cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT %s) AS head", [limit])  # noqa: S608 - a model's table
    (count,) = cursor.fetchone()
    return int(count)


@contextmanager
def _indexes_set_aside(
    table: str, filled: Sequence[str], progress: ProgressCallback
) -> Iterator[None]:
    """Drop the secondary indexes of table ``table`` (its name unquoted), and on PostgreSQL its
    foreign keys on the columns in ``filled``, for the block; then make them again from their
    own definitions. An index that a constraint owns or uses stays."""
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            statements = _pg_set_aside(cursor, table, filled)
        else:
            statements = _sqlite_set_aside(cursor, table)
    yield
    with connection.cursor() as cursor, connection.wrap_database_errors:
        for done, statement in enumerate(statements, start=1):
            cursor.execute(statement)
            progress("indexes", done, len(statements))
        # The planner's statistics still describe the table before a load at least as big as
        # it; without fresh ones (autovacuum may be off, or late) one person's year on a page
        # was read by a scan of the whole table (42 ms instead of 0.6 ms at a million rows).
        cursor.execute(f"ANALYZE {table}")


def _pg_set_aside(cursor: Any, table: str, filled: Sequence[str]) -> list[str]:
    """Drop the indexes and the foreign keys on ``filled`` columns; the statements that make
    them again. Dropping a key locks the table it points to against writes until the commit, so
    a key the load leaves empty (who logged an imported row: nobody) keeps its table open."""
    # PostgreSQL alters no table (nor one its keys point to) with checks still queued in this
    # transaction (rows the caller wrote before, say the people of a restored network): run them
    # now, as the commit would.
    connection.check_constraints()
    cursor.execute(
        "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
        " WHERE indrelid = %s::regclass AND NOT indisprimary AND NOT EXISTS"
        " (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)",
        [table],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = %s::regclass AND contype = 'f' AND conkey <@ ARRAY("
        "  SELECT attnum FROM pg_attribute WHERE attrelid = conrelid AND attname = ANY(%s))",
        [table, list(filled)],
    )
    keys = [(connection.ops.quote_name(name), definition) for name, definition in cursor.fetchall()]
    table = connection.ops.quote_name(table)
    if indexes:
        cursor.execute(f"DROP INDEX {', '.join(name for name, _ in indexes)}")
    if keys:
        cursor.execute(
            f"ALTER TABLE {table} {', '.join(f'DROP CONSTRAINT {name}' for name, _ in keys)}"
        )
    cursor.execute(f"SET LOCAL maintenance_work_mem = '{PG_INDEX_BUILD_MEMORY}'")
    return [definition for _, definition in indexes] + [
        f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}" for name, definition in keys
    ]


def _sqlite_set_aside(cursor: Any, table: str) -> list[str]:
    """Drop the indexes made by ``CREATE INDEX`` (not those SQLite made for a ``UNIQUE`` or
    primary key column); the statements that make them again. Foreign keys stay: SQLite checks
    one with a look-up in the other table's primary key, which is cheap."""
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s"
        " AND sql IS NOT NULL",
        [table],
    )
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return [sql for _, sql in indexes]
