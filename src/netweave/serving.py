"""`netweave serve`: a multi-process web server and background workers, supervised.

The web server is gunicorn (``--processes`` processes of ``--threads`` threads; docs/server.md
says why gunicorn, measured against granian). Every background worker is a ``netweave worker``
process. This module starts them, restarts a worker that dies (at once; with growing pauses if
it keeps dying), and stops them all on one Ctrl+C or SIGTERM. Each child leads its own process
group, so that stopping it also stops what it started (gunicorn's own processes), and is told
by the kernel to stop when this supervisor dies, even by SIGKILL: nothing is left behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import FrameType

logger = logging.getLogger(__name__)

# A worker that dies sooner than this after its start counts as failing to start.
QUICK_DEATH = 10.0
LONGEST_RESTART_PAUSE = 30.0
# On stop: time for a worker to finish the report at hand, then time after a second signal.
STOP_GRACE = 10.0
FORCE_GRACE = 5.0
_PR_SET_PDEATHSIG = 1

WEB_THREADS = 1
"""Threads per web process by default. A process's threads share one interpreter lock, so a
second thread only helps while the first waits on the database; a second process helps as
well and is scheduled by the kernel, which lets a short request in at once, where a thread
waits up to 5 ms for the lock at every return from the database (docs/server.md)."""


def web_processes() -> int:
    """Web processes by default: two per core and one more (gunicorn's own advice). With one
    thread each, a process waiting on the database leaves its core to another; more processes
    than that only share the same cores. On 2 cores, 50 clients (``benchmarks/web.py``,
    3 December, docs/server.md): 5 × 1 and 6 × 1 beat 3 × 3 on the worst page's and the
    autocomplete's p95 in every run."""
    return 2 * (os.cpu_count() or 1) + 1


def web_command(host: str, port: int, *, processes: int, threads: int) -> list[str]:
    """The gunicorn command serving netweave's WSGI application (threaded workers)."""
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "netweave.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(processes),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        # A process takes a connection only while it has a thread free for it, from the one
        # listening socket all share: the next request goes to a process that can answer it
        # now, never behind a slow one. (With a socket per process, --reuse-port, the kernel
        # spread connections by address whether the process was busy or not: a request waiting
        # for the database held up every connection hashed to its process.)
        "--worker-connections",
        str(threads),
        # A connection per request, so that every request is placed anew (a kept connection
        # stays with its process however busy it is). Behind a proxy (nginx speaks HTTP/1.0 to
        # its upstream) this is the case anyway.
        "--keep-alive",
        "0",
        # A request may wait 20 s for a locked SQLite database before it answers 503.
        "--timeout",
        "60",
        "--graceful-timeout",
        str(int(STOP_GRACE)),
        "--no-control-socket",
        # netweave logs every request itself, with its request id (web/middleware.py).
        "--log-level",
        "warning",
    ]


def worker_command() -> list[str]:
    return [sys.executable, "-m", "netweave", "worker"]


def site_url(host: str, port: int, configured: str) -> str:
    """Where links in mails lead: the configured public address, or else the address being
    served (a wildcard read as this machine), so that a demo's invitation link does not point
    at the settings' default port while the app answers on another."""
    if configured:
        return configured
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 (compared with, not bound to)
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def address_in_use(host: str, port: int) -> bool:
    """Whether something already listens on ``host:port`` (checked before anything starts)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def _child_setup() -> None:
    """Runs in each child before it starts: its own process group, and SIGTERM when we die."""
    os.setpgid(0, 0)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Child:
    name: str
    command: list[str]
    restart: bool
    process: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    quick_deaths: int = 0
    next_start: float = 0.0
    history: list[int] = field(default_factory=list)

    def start(self, environment: dict[str, str]) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            self.command, env=environment, preexec_fn=_child_setup
        )
        self.started = time.monotonic()
        self.history.append(self.process.pid)
        logger.info("%s started (process %s)", self.name, self.process.pid)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal_group(self, signum: int) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)


class Supervisor:
    """Starts the children, keeps the workers running, stops everything once."""

    def __init__(
        self,
        web: Sequence[str] | None,
        workers: int,
        environment: dict[str, str],
        worker: Sequence[str] | None = None,
    ) -> None:
        self.environment = environment
        self.web = Child("web server", list(web), restart=False) if web else None
        command = list(worker or worker_command())
        self.workers = [Child(f"worker {n + 1}", command, restart=True) for n in range(workers)]
        self.stopping = False

    @property
    def children(self) -> list[Child]:
        return ([self.web] if self.web else []) + self.workers

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if not self.stopping:
            logger.info("%s: stopping the web server and the workers", signal.strsignal(signum))
        self.stopping = True

    def run(self) -> int:
        """Serve until a stop signal (0) or until the web server ends by itself (1)."""
        previous = {s: signal.signal(s, self._on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        status = 0
        try:
            for child in self.children:
                child.start(self.environment)
            while not self.stopping:
                time.sleep(0.2)
                if self.web is not None and not self.web.alive():
                    assert self.web.process is not None
                    logger.error(
                        "the web server ended (exit status %s); stopping the workers",
                        self.web.process.returncode,
                    )
                    status = 1
                    break
                for child in self.workers:
                    self._keep(child)
        finally:
            self._stop_all()
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        return status

    def _keep(self, child: Child) -> None:
        """Restart ``child`` if it died: at once, or later when it keeps dying young."""
        if child.alive() or self.stopping:
            return
        now = time.monotonic()
        if child.next_start == 0.0:
            assert child.process is not None
            young = now - child.started < QUICK_DEATH
            child.quick_deaths = child.quick_deaths + 1 if young else 0
            pause = min(2.0 ** (child.quick_deaths - 1), LONGEST_RESTART_PAUSE) if young else 0
            logger.warning(
                "%s (process %s) ended with status %s; restarting in %.0f s",
                child.name,
                child.process.pid,
                child.process.returncode,
                pause,
            )
            child.next_start = now + pause
        if now >= child.next_start:
            child.next_start = 0.0
            child.start(self.environment)

    def _stop_all(self) -> None:
        """SIGTERM to everyone; a second signal to whoever is still busy; then SIGKILL."""
        for child in self.children:
            if child.alive():
                child.signal_group(signal.SIGTERM)
        if not self._wait(STOP_GRACE):
            # A worker still making a report: a second signal ends the report as interrupted.
            for child in self.children:
                if child.alive():
                    logger.warning("%s is still busy; interrupting it", child.name)
                    child.signal_group(signal.SIGINT)
            self._wait(FORCE_GRACE)
        for child in self.children:
            if child.alive():
                logger.error("%s did not stop; killing it", child.name)
            # Also whatever a child started and left in its group (a web server's processes).
            child.signal_group(signal.SIGKILL)
            if child.process is not None:
                child.process.wait()
        logger.info("stopped")

    def _wait(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not any(child.alive() for child in self.children):
                return True
            time.sleep(0.1)
        return False
