"""`netweave tick`: one at a time per database, failing jobs do not stop the others."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import psycopg
import pytest
from django.db import connection

from netweave import tick as ticks

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@contextmanager
def lock_held_elsewhere() -> Iterator[None]:
    """Take the tick lock from outside this Django connection, as a second tick would."""
    if connection.vendor == "postgresql":
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        with psycopg.connect(**params, autocommit=True) as other:
            other.execute("SELECT pg_advisory_lock(%s)", [ticks._lock_key()])
            yield
            # explicit: the server frees a closed session's locks only when its backend exits
            other.execute("SELECT pg_advisory_unlock(%s)", [ticks._lock_key()])
    else:
        with ticks._lock_file().open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield


@pytest.mark.django_db(transaction=True)
def test_a_tick_while_another_holds_the_lock_does_nothing() -> None:
    calls: list[datetime] = []

    def job(now: datetime) -> int:
        calls.append(now)
        return 1

    with lock_held_elsewhere():
        assert ticks.tick(NOW, [job]) == ticks.TickResult(ran=False, done={}, failed=())
    assert calls == []
    result = ticks.tick(NOW, [job])
    assert result.ran and calls == [NOW]
    assert result.done == {ticks.job_name(job): 1}


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_is_reported_and_the_next_still_runs() -> None:
    def broken(now: datetime) -> int:
        raise RuntimeError("mail server down")

    def fine(now: datetime) -> int:
        return 3

    result = ticks.tick(NOW, [broken, fine])
    assert result.failed == (ticks.job_name(broken),)
    assert result.done == {ticks.job_name(fine): 3}
    # the lock was released after the failure: another tick runs
    assert ticks.tick(NOW, [fine]).ran


def test_tick_command_runs_on_a_fresh_installation(tmp_path) -> None:
    env = {**os.environ, "NETWEAVE_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": ""}
    env.pop("DJANGO_SETTINGS_MODULE")
    env.pop("NETWEAVE_DATABASE_URL", None)
    for command in ("migrate", "tick", "tick"):
        done = subprocess.run(
            [sys.executable, "-m", "netweave", command],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
    assert "Another tick is running" not in done.stdout
