"""`netweave backup` and `netweave restore`: the whole database to one file and back.

SQLite is copied with its online backup API (consistent while the web app and workers write);
PostgreSQL with ``pg_dump`` in its custom format, restored with ``pg_restore`` in one
transaction. A restore goes only into an empty installation (no network, no account), so it
can never mix two installations or overwrite one by mistake.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection

from netweave.networks.models import Network
from netweave.outfiles import out_file

__all__ = ["BackupError", "database_backup", "database_restore"]

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


class BackupError(ValueError):
    """A backup or restore cannot be done as asked; the message says why."""


def database_backup(out: Path) -> Path:
    """Write the whole database to ``out`` (replaced only once the copy is complete)."""
    with out_file(out) as partial:
        if connection.vendor == "sqlite":
            _sqlite_copy(Path(connection.settings_dict["NAME"]), partial, read_only_source=True)
        elif connection.vendor == "postgresql":
            _pg_run("pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                    f"--file={partial}")  # fmt: skip
        else:
            raise BackupError(f"backups of a {connection.vendor} database are not supported")
    return out


def _sqlite_copy(source: Path, target: Path, *, read_only_source: bool) -> None:
    mode = "?mode=ro" if read_only_source else ""
    with sqlite3.connect(f"file:{source}{mode}", uri=True) as reader:
        writer = sqlite3.connect(target)
        try:
            reader.backup(writer)
            # One self-contained file: no write-ahead log beside it.
            writer.execute("PRAGMA journal_mode=DELETE")
        finally:
            writer.close()


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    """Connection options for the PostgreSQL client programs, and their environment."""
    db = connection.settings_dict
    options = [f"--dbname={db['NAME']}"]
    if db.get("HOST"):
        options.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        options.append(f"--port={db['PORT']}")
    if db.get("USER"):
        options.append(f"--username={db['USER']}")
    environment = dict(os.environ)
    if db.get("PASSWORD"):
        environment["PGPASSWORD"] = str(db["PASSWORD"])
    return options, environment


def _pg_run(program: str, *arguments: str) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            f"{program} is not installed; install PostgreSQL's client programs "
            "(Debian: apt-get install postgresql-client)"
        )
    options, environment = _pg_environment()
    done = subprocess.run(  # noqa: S603 - our own arguments, no shell
        [executable, *options, *arguments], env=environment, capture_output=True, text=True
    )
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise BackupError(f"{program} failed: {lines[-1] if lines else done.returncode}")


def _installation_contents() -> dict[str, int]:
    """Networks and accounts in this installation (none when it has no tables yet)."""
    tables = set(connection.introspection.table_names())
    found: dict[str, int] = {}
    for label, model in (("networks", Network), ("accounts", get_user_model())):
        if model._meta.db_table in tables:
            found[label] = model._default_manager.count()
    return {label: count for label, count in found.items() if count}


def _kind(path: Path) -> str:
    with path.open("rb") as stream:
        head = stream.read(len(SQLITE_HEADER))
    if head.startswith(SQLITE_HEADER):
        return "sqlite"
    if head.startswith(PG_DUMP_HEADER):
        return "postgresql"
    raise BackupError(f"{path} is not a netweave backup (neither SQLite nor pg_dump's format)")


def database_restore(path: Path) -> None:
    """Put the backup ``path`` into this installation's database, which must be empty."""
    kind = _kind(path)
    if kind != connection.vendor:
        raise BackupError(
            f"{path} is a backup of a {kind} installation; this one uses {connection.vendor}"
        )
    contents = _installation_contents()
    if contents:
        held = ", ".join(f"{label}: {count}" for label, count in contents.items())
        raise BackupError(
            f"this installation is not empty ({held}); restore into a new NETWEAVE_HOME or an "
            "empty database"
        )
    if kind == "sqlite":
        _sqlite_restore(path)
    else:
        # --clean drops the (empty) tables a `migrate` may have made, in the same transaction.
        _pg_run("pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                "--single-transaction", "--clean", "--if-exists", str(path))  # fmt: skip


def _sqlite_restore(path: Path) -> None:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as reader:
        tables = {row[0] for row in reader.execute("SELECT name FROM sqlite_master")}
        check = reader.execute("PRAGMA quick_check").fetchone()[0]
    if "django_migrations" not in tables or check != "ok":
        raise BackupError(f"{path} is not a complete netweave backup ({check})")
    target: Any = connection.settings_dict["NAME"]
    connection.close()
    _sqlite_copy(path, Path(target), read_only_source=True)
