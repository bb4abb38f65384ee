"""Why netweave reads SQLite with ADBC's driver only in a process of its own
(``netweave.reports.reading``, ``netweave.reports.sqlite_child``), never beside Django's
connection in one process.

ADBC's SQLite driver carries its own copy of SQLite. POSIX locks belong to a process, not to a
file descriptor, and closing any descriptor of a file releases all of the process's locks on it;
one copy of SQLite works around that for its own connections, two copies cannot. Here a
connection through Python's ``sqlite3`` holds a read transaction (a SHARED lock); a second
connection opens, reads and closes, and another process then asks for an EXCLUSIVE lock, which
the read transaction must refuse. Through ``sqlite3`` it is refused; after ADBC's copy closed its
connection it is granted: the reader's lock was gone, and a writer could have changed the file
under it.

    .venv/bin/python benchmarks/sqlite_two_copies.py

Output on 2 December 2026 (adbc-driver-sqlite 1.13.0, Python's SQLite 3.40.1):

    A holds a read transaction: other process: database is locked
    sqlite3's second connection closed: other process: database is locked
    ADBC's second connection closed: other process got EXCLUSIVE
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import adbc_driver_sqlite.dbapi as adbc


def _other_process(path: Path) -> str:
    probe = (
        "import sqlite3\n"
        f"c = sqlite3.connect({str(path)!r}, timeout=0, isolation_level=None)\n"
        "try:\n"
        "    c.execute('BEGIN EXCLUSIVE'); print('other process got EXCLUSIVE')\n"
        "except sqlite3.OperationalError as e:\n"
        "    print('other process:', e)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def main() -> None:
    path = Path(tempfile.mkdtemp()) / "two-copies.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE t (x)")
        setup.execute("INSERT INTO t VALUES (1)")
    setup.close()
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT * FROM t").fetchall()
    print("A holds a read transaction:", _other_process(path))

    second = sqlite3.connect(path)
    second.execute("SELECT * FROM t").fetchall()
    second.close()
    print(
        "sqlite3's second connection closed:",
        _other_process(path),
    )

    with adbc.connect(str(path)) as other, other.cursor() as cursor:
        cursor.execute("SELECT * FROM t")
        cursor.fetchall()
    print(
        "ADBC's second connection closed:",
        _other_process(path),
    )


if __name__ == "__main__":
    main()
