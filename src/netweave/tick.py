"""`netweave tick`: the periodic jobs, run one after the other under one lock.

Cron (or a systemd timer, or the compose service) runs ``netweave tick`` every few minutes. Each
job is a plain function ``job(now) -> int`` that does what is due at ``now`` and returns how many
things it did (occurrences created, mails sent…). Two promises make the command safe to run that
often, by hand, or twice at once:

- **a lock**: only one tick runs at a time per database. On PostgreSQL a session advisory lock
  (keyed by the database name, so other databases on the same server do not block us); on
  SQLite, which lives on one machine, an exclusive ``flock`` on a file beside the database. Both
  are released by the operating system or the server when the process dies, so a killed tick
  never leaves a stale lock. A tick that finds the lock taken does nothing and says so.
- **idempotent jobs**: every job records what it did per item (an occurrence per routine and
  date, a sent-mail row per recipient and purpose) under a unique constraint, and skips what is
  already recorded. So a second tick, or one after a crash halfway, does not repeat anything.

A job that fails is logged and the others still run (each is idempotent, so the next tick
retries it); the command then exits with status 1.

To add a job, add the function to :data:`JOBS`.
"""

from __future__ import annotations

import fcntl
import logging
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

from netweave.introductions import jobs as introduction_jobs
from netweave.routines import jobs as routine_jobs

logger = logging.getLogger(__name__)

Job = Callable[[datetime], int]

JOBS: tuple[Job, ...] = (*routine_jobs.JOBS, *introduction_jobs.JOBS)
"""The periodic jobs, in the order they run (earlier jobs may create work for later ones)."""


@dataclass(frozen=True)
class TickResult:
    """What one tick did: ``ran`` is false when another tick held the lock; ``done`` maps each
    job's name to how much it did; ``failed`` names the jobs that raised."""

    ran: bool
    done: dict[str, int]
    failed: tuple[str, ...]


def job_name(job: Job) -> str:
    return f"{job.__module__}.{getattr(job, '__qualname__', repr(job))}"


def tick(now: datetime, jobs: Sequence[Job] = JOBS) -> TickResult:
    """Run every job for moment ``now`` unless another tick is running."""
    with tick_lock() as acquired:
        if not acquired:
            return TickResult(ran=False, done={}, failed=())
        done: dict[str, int] = {}
        failed: list[str] = []
        for job in jobs:
            name = job_name(job)
            try:
                done[name] = job(now)
            except Exception:
                logger.exception("tick job %s failed; the next tick retries it", name)
                failed.append(name)
        return TickResult(ran=True, done=done, failed=tuple(failed))


@contextmanager
def tick_lock() -> Iterator[bool]:
    """Hold the tick lock for this database while the block runs; yields whether we got it."""
    if connection.vendor == "postgresql":
        with _advisory_lock() as acquired:
            yield acquired
    else:
        with _file_lock(_lock_file()) as acquired:
            yield acquired


def _lock_key() -> int:
    """A 32-bit key per database name: advisory locks are server-wide, databases are not."""
    return zlib.crc32(f"netweave.tick:{connection.settings_dict['NAME']}".encode())


@contextmanager
def _advisory_lock() -> Iterator[bool]:
    key = _lock_key()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        acquired = bool(cursor.fetchone()[0])
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def _lock_file() -> Path:
    """Beside the SQLite file, so everything sharing the database shares the lock.

    (An in-memory or relative database name, as in tests, uses ``NETWEAVE_HOME`` instead of
    littering the working directory.)
    """
    name = Path(str(connection.settings_dict["NAME"]))
    if not name.is_absolute():
        return Path(settings.NETWEAVE_HOME) / "tick.lock"
    return name.with_name(name.name + ".tick.lock")


@contextmanager
def _file_lock(path: Path) -> Iterator[bool]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
