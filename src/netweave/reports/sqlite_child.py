"""One query on a SQLite database file, read-only, through ADBC's SQLite driver, in a process of
its own: the columnar reader of SQLite (:mod:`netweave.reports.reading` starts it).

A process of its own because the driver carries its own copy of SQLite: two copies in one
process break each other's POSIX locks (``benchmarks/sqlite_two_copies.py``); in a process of
its own the copy is the only one and locks as SQLite always does between processes. The file is
opened read-only (``mode=ro``): a write is refused by SQLite itself.

Standard input: one JSON object, ``{"path": …, "sql": …, "params": […], "busy_timeout_ms": …}``
(SQL with ``?`` placeholders; parameters numbers, text or null). Standard output: the rows as
an Arrow IPC file (a truncated file has no footer and does not read). Exit status 0 only when
the whole file was written. No Django here, and the driver manager's low-level API rather than
its DB-API module (which imports pyarrow): the process starts in about 0.25 s, Polars the most.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import adbc_driver_manager as adbc
import adbc_driver_sqlite
import polars as pl

# The driver infers each column's type from its first batch and fails on a later batch that
# disagrees (a column NULL in the first 1,024 rows, text after): one batch for all the rows.
_ONE_BATCH = {"adbc.sqlite.query.batch_rows": str(2**31 - 2)}


def read_only_uri(path: str) -> str:
    """The SQLite URI that opens the file at ``path`` read-only (characters that mean
    something in a URI, such as ``?``, ``#`` and ``%``, escaped)."""
    return f"file:{quote(str(Path(path).resolve()))}?mode=ro"


def _statement(connection: Any, sql: str) -> Any:
    statement = adbc.AdbcStatement(connection)
    statement.set_sql_query(sql)
    statement.set_options(**_ONE_BATCH)
    return statement


def _bound(params: Sequence[Any]) -> pl.DataFrame:
    """``params`` as one row to bind, a NULL as text (the driver binds no Arrow null type)."""
    return pl.DataFrame(
        [
            pl.Series(f"p{i}", [value], dtype=pl.String if value is None else None)
            for i, value in enumerate(params)
        ]
    )


def read(path: str, sql: str, params: Sequence[Any], busy_timeout_ms: int) -> pl.DataFrame:
    """The rows of ``sql`` with ``params`` on the database at ``path``, opened read-only."""
    database = adbc.AdbcDatabase(driver=adbc_driver_sqlite._driver_path(), uri=read_only_uri(path))
    try:
        connection = adbc.AdbcConnection(database)
        try:
            # A writer's moment of exclusive access (WAL recovery, a checkpoint that truncates)
            # is waited for as long as Django's own connection would wait.
            pragma = _statement(connection, f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            pragma.execute_query()
            pragma.close()
            statement = _statement(connection, sql)
            try:
                if params:
                    statement.bind_stream(_bound(params).__arrow_c_stream__())
                stream, _rows = statement.execute_query()
                return pl.DataFrame(stream)
            finally:
                statement.close()
        finally:
            connection.close()
    finally:
        database.close()


def main() -> None:
    request = json.load(sys.stdin)
    frame = read(request["path"], request["sql"], request["params"], request["busy_timeout_ms"])
    frame.write_ipc(sys.stdout.buffer, compression="uncompressed")
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
