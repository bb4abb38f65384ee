"""A real installation for fault tests: its own NETWEAVE_HOME, its own database (SQLite in the
home, or a fresh PostgreSQL database when NETWEAVE_DATABASE_URL names a server), a generated
network, and netweave processes started as an operator would start them."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psutil

SLUG = "faults"
YEAR = 2025
REPO = Path(__file__).resolve().parents[2]


@dataclass
class Installation:
    home: Path
    env: dict[str, str]
    database_url: str | None

    def netweave(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "netweave", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def start(self, *args: str, **options: Any) -> subprocess.Popen[str]:
        """A netweave process in its own session (a terminal's Ctrl+C goes to one process)."""
        log = (self.home / f"{args[0]}-{uuid.uuid4().hex[:6]}.out").open("w")
        return subprocess.Popen(
            [sys.executable, "-m", "netweave", *args],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            **options,
        )

    def shell(self, code: str) -> str:
        result = self.netweave("manage", "shell", "-c", code)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def request_report(self, fmt: str = "pdf") -> int:
        """What a steward's "Generate" does: a run, queued."""
        return int(
            self.shell(
                "from netweave.networks.models import Network\n"
                "from netweave.reports.models import ReportRun\n"
                "from netweave.reports.tasks import report_run_task\n"
                f"run = ReportRun.objects.create(network=Network.objects.get(slug='{SLUG}'),"
                f" year={YEAR}, language='en', format='{fmt}', audience='network')\n"
                "report_run_task.enqueue(run_id=run.pk)\n"
                "print(run.pk)"
            ).splitlines()[-1]
        )

    def retry(self, run_id: int) -> None:
        """What a steward's "Try again" does."""
        self.shell(
            "from django.contrib.auth import get_user_model\n"
            "from netweave.networks.models import Membership, Network, Role\n"
            "from netweave.networks.selectors import actor_for\n"
            "from netweave.reports.models import ReportRun\n"
            "from netweave.reports.services import report_run_retry\n"
            f"network = Network.objects.get(slug='{SLUG}')\n"
            "user, _ = get_user_model().objects.get_or_create(username='fault-steward')\n"
            "Membership.objects.get_or_create(user=user, network=network,"
            " defaults={'role': Role.STEWARD})\n"
            f"run = ReportRun.objects.get(pk={run_id})\n"
            f"assert report_run_retry(actor_for(user, '{SLUG}'), run)"
        )

    @contextmanager
    def database(self) -> Iterator[Any]:
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url, autocommit=True) as server:
                yield server
        else:
            embedded = sqlite3.connect(self.home / "netweave.sqlite3", timeout=30)
            try:
                yield embedded
            finally:
                embedded.close()

    def run(self, run_id: int) -> dict[str, Any]:
        with self.database() as db:
            # The two drivers differ in their placeholders: "%s" for psycopg, "?" for sqlite3.
            mark = "%s" if self.database_url else "?"
            query = (
                "SELECT status, progress, error, attempts, file FROM reports_reportrun WHERE id = "
            )
            cursor = db.execute(query + mark, (run_id,))
            status, progress, error, attempts, file = cursor.fetchone()
        return {
            "status": status,
            "progress": progress,
            "error": error,
            "attempts": attempts,
            "file": file,
        }

    def run_folder(self, run_id: int) -> Path:
        return self.home / "reports" / SLUG / "runs" / str(run_id)

    def log(self) -> str:
        path = self.home / "logs" / "netweave.log"
        return path.read_text() if path.exists() else ""


def wait_for(condition: Callable[[], Any], seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"not within {seconds} s: {what}")


def stop(process: subprocess.Popen[str]) -> None:
    """End a process this test started and everything it started (`serve` puts each of its
    children in a process group of its own, so they are found by ancestry)."""
    for child in descendants(process.pid):
        with suppress(psutil.NoSuchProcess):
            child.kill()
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    living = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                living.append(process)
        except psutil.NoSuchProcess:
            pass
    return living


def _postgres_database(server: str, name: str) -> tuple[str, Callable[[], None]]:
    import psycopg

    parts = urlsplit(server)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


@contextmanager
def installation(home: Path) -> Iterator[Installation]:
    """A migrated installation with a generated network of 60 members (two years)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NETWEAVE_", "DJANGO_"))}
    env.update(
        NETWEAVE_HOME=str(home),
        DJANGO_SETTINGS_MODULE="netweave.settings.local",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")])),
    )
    server = os.environ.get("NETWEAVE_DATABASE_URL")
    drop: Callable[[], None] = lambda: None  # noqa: E731
    url = None
    if server:
        url, drop = _postgres_database(server, f"nw_faults_{uuid.uuid4().hex[:10]}")
        env["NETWEAVE_DATABASE_URL"] = url
    place = Installation(home, env, url)
    try:
        made = place.netweave(
            "generate", "--members", "60", "--years", "2", "--until", "2026-06-30",
            "--seed", "5", "--slug", SLUG,
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        yield place
    finally:
        drop()
