"""`netweave backup` then `netweave restore` into an empty installation gives the same data:
the same tables, each with the same number of rows and the same checksum of its rows."""

from __future__ import annotations

import hashlib
import sqlite3

import psycopg
import pytest

from .installations import Installation

# Table names come from the catalogue, not from a user.
CHECKSUM = (
    "SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), ''))"
    ' FROM "{}" t'
)


def _tables(installation: Installation) -> dict[str, tuple[int, str]]:
    """Every table: (row count, checksum of all its rows in a fixed order)."""
    if installation.database_url:
        with psycopg.connect(installation.database_url) as connection:
            names = [
                row[0]
                for row in connection.execute(
                    "SELECT table_name FROM information_schema.tables"
                    " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                )
            ]
            return {
                name: tuple(connection.execute(CHECKSUM.format(name)).fetchone()) for name in names
            }
    with sqlite3.connect(installation.home / "netweave.sqlite3") as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        found = {}
        for name in names:
            rows = sorted(repr(row) for row in connection.execute(f'SELECT * FROM "{name}"'))  # noqa: S608
            found[name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        return found


@pytest.mark.slow
def test_backup_then_restore_gives_identical_tables(installation, other_installation, tmp_path):
    for arguments in (
        ["generate", "--members", "20", "--years", "1", "--until", "2025-06-30", "--slug", "b"],
        ["report", "--all", "--year", "2025", "--format", "html"],
        ["manage", "createsuperuser", "--noinput", "--username", "root", "--email", "r@x.org"],
    ):
        done = installation.run(*arguments)
        assert done.returncode == 0, done.stdout + done.stderr
    backup = tmp_path / "netweave.backup"
    backup.write_text("an older backup, replaced only once the new one is complete")

    made = installation.run("backup", "--out", str(backup))
    assert made.returncode == 0, made.stderr
    assert other_installation.run("migrate").returncode == 0  # empty, but with its tables
    restored = other_installation.run("restore", str(backup))
    assert restored.returncode == 0, restored.stdout + restored.stderr

    before, after = _tables(installation), _tables(other_installation)
    assert before["ledger_interaction"][0] > 500
    assert before["reports_reportrun"][0] == 1
    assert before["auth_user"][0] == 1
    assert after == before
    # The restored installation works: it makes the report of the restored network.
    out = str(tmp_path / "b.html")
    report = other_installation.run(
        "report", "--network", "b", "--year", "2025", "--format", "html", "--out", out
    )
    assert report.returncode == 0, report.stderr
    again = other_installation.run("restore", str(backup))
    assert again.returncode == 2 and "not empty (networks: 1, accounts: 1)" in again.stderr
