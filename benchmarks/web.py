"""Benchmark of the web pages under load: a 10,000-member network, 50 concurrent clients.

What runs: a generated network (10,000 members, three years, seed 1, about a million
interactions) loaded into a fresh PostgreSQL database ``bench_dashboard`` (dropped afterwards;
with ``--keep`` the database ``bench_web_<members>`` and its home are kept, as built (the
runs work on copies), and reused by the next ``--keep`` run, which then only migrates it: for
profiling and repeated runs);
a real server process on 127.0.0.1 (``netweave serve --no-worker``, or with ``--server
granian`` granian against ``netweave.wsgi``, with the settings ``netweave serve`` uses:
``netweave.settings.local`` with ``NETWEAVE_DEBUG=0``) and one ``netweave worker`` (the
quick-log POSTs queue dashboard refreshes, as in production); then 50 client threads, each
with its own keep-alive connection, for 60 s over:

- ``dashboard``: the steward's ``/networks/<slug>/`` (figures from the stored snapshot);
- ``member_home``: a member's network home ``/networks/<slug>/``;
- ``people_search``: ``/networks/<slug>/people/?q=…``;
- ``autocomplete``: the quick log's ``/networks/<slug>/people/search/?q=…`` (htmx partial);
- ``quick_log``: a member's POST "I met …" to ``/networks/<slug>/log/`` (302 expected);
- ``reference``: the login page (no database work): the same server's floor, measured in
  the same run, so a reader can tell a slow page from a slow machine.

A page that is not on main when this runs is reported as missing, not skipped silently.
Clients pause ``--think`` seconds (uniformly 0.5×–1.5×) between requests; ``--think 0`` is a
closed loop at saturation. Reported per endpoint: requests, p50, p95, p99, the longest, errors
(a status other than the expected one, or no answer), and the load average before and after;
per run the CPU a request cost the server, PostgreSQL (the benchmark database's backends) and
the client threads themselves (they share the cores), the worker's CPU, and how the server's
CPU fell on its processes (a connection stays with the process that accepted it).
``--no-worker`` leaves the worker out, to see what its refreshes cost the pages.

Repetitions: each ``--think`` value is run ``--repeat`` times (5), each run from a copy of the
database as it was built (no refresh run or queued yet, so that the quick logs set off the
same refreshes in every run) with a server and a worker started for it; the table after them
gives per endpoint the median p50, p95 and p99, the range of the p95 and the errors of all
runs. One run's figures move with the host: on the same code and database, the CPU a request
cost the server ranged 14.8–19.9 ms between runs minutes apart, and the tails with it.

Ramp-up and warm-up, as wrk, locust and JMeter do: the clients start one after another over
``--ramp`` seconds (5), and the requests that start in the first ``--warmup`` seconds (10) are
left out of the figures above; the measured window is the ``--seconds`` (60) after them. Until
2 December all 50 clients sent their first request at the same instant, to server processes
that had answered one login page between them: about a second of CPU arriving at once on two
cores (each process's first request of a page also costs up to some 25 ms more), so they
queued, the clients came back about together for a few rounds, and the run's slowest requests
started in its first seconds: the p99 of every page, the login page included
(docs/dashboard.md, "Cold start"). The warm-up's requests are still reported, apart (per page:
how many, p50, p95, the longest, errors; and the server's CPU a request in the warm-up), and per
stretch of 5 s of the whole run how many requests started, their p95 and longest and how many
took over 400 ms: where in time the slowest requests were. ``--warmup 0 --ramp 0`` is the
method before 2 December.

    .venv/bin/python benchmarks/web.py                 # 10k members, 50 clients, 60 s, 5 runs
    .venv/bin/python benchmarks/web.py --think 1       # the issue's load only (1 s of thought)
    .venv/bin/python benchmarks/web.py --members 1000 --seconds 10 --repeat 1  # a quick look
    .venv/bin/python benchmarks/web.py --keep --prepare  # build the kept 10k database once
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from machine import cpu_model

from netweave import serving

RESULTS = Path(__file__).parent / "results" / "web.json"
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
PG_DATABASE = "bench_dashboard"
SLUG = "bench"
UNTIL = date(2026, 6, 30)
TARGET_P95_MS = 150.0
TARGET_AUTOCOMPLETE_P95_MS = 50.0
BIN = Path(sys.executable).parent
PATHS = {
    "dashboard": "/networks/{slug}/",
    "member_home": "/networks/{slug}/",
    "people_search": "/networks/{slug}/people/",
    "autocomplete": "/networks/{slug}/people/search/",
    "quick_log": "/networks/{slug}/log/",
    "reference": "/login/",
}
ROLE_OF = {"dashboard": "steward"}  # every other page is asked for by the member
STRETCH_S = 5
"""The timeline's stretch: requests are grouped by the 5 s of the run they started in."""
SLOW_MS = 400
"""The timeline counts requests slower than this (the quiet runs' p99 before the warm-up was
0.4–1.8 s on every page)."""


# --- setup: runs in a child process with Django configured for the benchmark database ----------


def child_setup(members: int, years: int) -> dict[str, Any]:
    """Generate and load the network, make a steward and a member login with sessions, and
    compute the dashboard's figures once (as the worker would). Prints what the clients need."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.urls import Resolver404, resolve
    from django.utils import timezone

    from netweave import synth
    from netweave.dashboard.services import health_refresh
    from netweave.interop.synthetic import network_load_synthetic
    from netweave.networks.models import Membership, Person, Role

    started = time.perf_counter()
    generated = synth.generate(synth.SynthConfig(members=members, years=years, until=UNTIL, seed=1))
    network = network_load_synthetic(synthetic=generated, slug=SLUG)
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load; without it the planner guesses the sizes of
        # a million fresh rows (a PostgreSQL may run with autovacuum off, as ours does).
        cursor.execute("ANALYZE")
    loaded_s = time.perf_counter() - started
    people = list(
        Person.objects.filter(network=network, left_on__isnull=True)
        .order_by("pk")
        .values_list("pk", "last_name")
    )
    users = get_user_model().objects
    sessions = {}
    for role, (person_id, _name) in zip((Role.STEWARD, Role.MEMBER), people, strict=False):
        user = users.create_user(f"bench-{role.value}", password=secrets.token_urlsafe(16))
        Membership.objects.create(user=user, network=network, role=role, person_id=person_id)
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        sessions[role.value] = session.session_key
    started = time.perf_counter()
    snapshot = health_refresh(network.pk)
    refresh_s = time.perf_counter() - started

    def served(path: str) -> str | None:
        """``path`` if some page answers it (a page still being built elsewhere: None)."""
        try:
            resolve(path)
        except Resolver404:
            return None
        return path

    return {
        "sessions": sessions,
        "others": [pk for pk, _name in people[2:]],
        "prefixes": sorted({name[:3] for _pk, name in people if len(name) >= 3}),
        "urls": {name: served(path.format(slug=SLUG)) for name, path in PATHS.items()},
        "interactions": network.interactions.count(),
        "today": timezone.localdate().isoformat(),
        "load_s": loaded_s,
        "dashboard_refresh_s": refresh_s,
        "dashboard_refresh_stored_s": snapshot.seconds,
    }


# --- load: client threads against the server ----------------------------------------------------


@dataclass
class Tally:
    times_ms: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)  # no answer: exception name → count


@dataclass(frozen=True)
class Window:
    """A run's moments (``time.perf_counter``): its start, the end of its warm-up (requests that
    start earlier are tallied apart) and its end."""

    origin: float
    measured_from: float
    until: float


class Client(threading.Thread):
    """One simulated user: its own connection, cookies and pauses; cycles through the pages from
    ``begin`` on (the ramp-up)."""

    def __init__(
        self, number: int, port: int, setup: dict, window: Window, think: float, begin: float
    ) -> None:
        super().__init__(daemon=True)
        self.port, self.setup, self.window, self.think = port, setup, window, think
        self.begin = begin
        self.random = random.Random(number)
        self.pages = [name for name, url in setup["urls"].items() if url]
        self.start_at = number % len(self.pages)  # spread the clients over the pages
        self.csrf = secrets.token_hex(16)  # a 32-character secret: cookie and header agree
        self.tallies: dict[str, Tally] = {name: Tally() for name in self.pages}
        self.warm_tallies: dict[str, Tally] = {name: Tally() for name in self.pages}
        self.timeline: list[tuple[float, float]] = []  # (start in s since origin, ms) a request

    def _request(self, conn: http.client.HTTPConnection, name: str) -> int:
        role = ROLE_OF.get(name, "member")
        cookie = f"sessionid={self.setup['sessions'][role]}; csrftoken={self.csrf}"
        headers = {"Cookie": cookie, "Host": "127.0.0.1"}
        url = self.setup["urls"][name]
        if name == "quick_log":
            body = (
                f"verb=met&other={self.random.choice(self.setup['others'])}"
                f"&occurred_on={self.setup['today']}&note="
            )
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": self.csrf,
            }
            conn.request("POST", url, body=body, headers=headers)
        else:
            if name in ("autocomplete", "people_search"):
                url += f"?q={quote(self.random.choice(self.setup['prefixes']))}"
            if name == "autocomplete":
                headers["HX-Request"] = "true"
            conn.request("GET", url, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def run(self) -> None:
        time.sleep(max(0.0, self.begin - time.perf_counter()))
        conn = self._connect()
        turn = self.start_at
        while time.perf_counter() < self.window.until:
            name = self.pages[turn % len(self.pages)]
            turn += 1
            started = time.perf_counter()
            warm = started < self.window.measured_from
            tally = (self.warm_tallies if warm else self.tallies)[name]
            try:
                try:
                    status = self._request(conn, name)
                except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                    # The server closed this kept-alive connection while it was idle, before
                    # reading the request: a browser sends it again on a new connection.
                    conn.close()
                    conn = self._connect()
                    started = time.perf_counter()
                    status = self._request(conn, name)
            except (OSError, http.client.HTTPException) as error:
                tally.errors += 1
                tally.failures[type(error).__name__] = (
                    tally.failures.get(type(error).__name__, 0) + 1
                )
                conn.close()
                conn = self._connect()
                continue
            took_ms = (time.perf_counter() - started) * 1000
            tally.times_ms.append(took_ms)
            self.timeline.append((started - self.window.origin, took_ms))
            tally.statuses[status] = tally.statuses.get(status, 0) + 1
            if status != (302 if name == "quick_log" else 200):
                tally.errors += 1
            if self.think:
                time.sleep(self.think * self.random.uniform(0.5, 1.5))
        conn.close()


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


def process_cpu_s(root: int) -> dict[int, float]:
    """CPU seconds (user + system) process ``root`` and each of its descendants have used,
    their waited-for children included, by process id."""
    tick = os.sysconf("SC_CLK_TCK")
    parents, used = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        used[pid] = sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    tree, grown = {root}, True
    while grown:
        children = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= children
        grown = bool(children)
    return {pid: used[pid] / tick for pid in tree if pid in used}


def tree_cpu_s(root: int) -> float:
    """CPU seconds process ``root`` and its descendants have used: the server's own cost,
    whatever else the machine runs."""
    return sum(process_cpu_s(root).values())


def backend_cpu_s(database: str) -> dict[int, float]:
    """CPU seconds used so far by each PostgreSQL backend connected to ``database`` (the server
    runs on this machine: its processes are in /proc)."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres") as connection:
        pids = [
            pid
            for (pid,) in connection.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", (database,)
            )
        ]
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        used[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime stime
    return used


class DatabaseCpu(threading.Thread):
    """The CPU the backends of ``database`` use from ``start()`` to ``stop()``.

    Connections end and new ones start within a run (the web processes close theirs after a
    while), so one reading at each end would lose what a closed backend did and count a
    backend alive at the start from zero. Each backend is read once a second; its CPU is its
    last reading minus its reading at the start (0 for one that started later). What a backend
    did in its last second before it closed is still lost: an undercount, small beside a run.
    """

    def __init__(self, database: str) -> None:
        super().__init__(daemon=True)
        self.database = database
        self.baseline = backend_cpu_s(database)
        self.latest = dict(self.baseline)
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(1.0):
            self.latest |= backend_cpu_s(self.database)

    def stop(self) -> float:
        self.done.set()
        self.join()
        self.latest |= backend_cpu_s(self.database)
        return sum(used - self.baseline.get(pid, 0.0) for pid, used in self.latest.items())


def own_cpu_s() -> float:
    """CPU seconds this process (the client threads, during a run) has used."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def merged(threads: list[Client], name: str, warm: bool) -> Tally:
    """The tallies of page ``name`` of every client, of the warm-up or of the measured window."""
    total = Tally()
    for thread in threads:
        tally = (thread.warm_tallies if warm else thread.tallies)[name]
        total.times_ms += tally.times_ms
        total.errors += tally.errors
        for status, count in tally.statuses.items():
            total.statuses[status] = total.statuses.get(status, 0) + count
        for failure, count in tally.failures.items():
            total.failures[failure] = total.failures.get(failure, 0) + count
    return total


def timeline(threads: list[Client], total_s: float) -> list[dict]:
    """Per stretch of :data:`STRETCH_S` seconds of the run (warm-up included), by when the
    requests started: how many, their p95 and longest, and how many took over :data:`SLOW_MS`:
    where in time the slowest requests sit."""
    stretches: list[list[float]] = [[] for _ in range(int(total_s // STRETCH_S) + 1)]
    for thread in threads:
        for started, took_ms in thread.timeline:
            stretches[min(int(started // STRETCH_S), len(stretches) - 1)].append(took_ms)
    return [
        {
            "from_s": number * STRETCH_S,
            "requests": len(times),
            "p95_ms": percentile(times, 95),
            "max_ms": max(times, default=None),
            f"over_{SLOW_MS}_ms": sum(took > SLOW_MS for took in times),
        }
        for number, times in enumerate(stretches)
        if times
    ]


def run_load(
    port: int,
    setup: dict,
    clients: int,
    seconds: float,
    think: float,
    roots: dict[str, int],
    database: str,
    warmup: float,
    ramp: float,
) -> dict:
    origin = time.perf_counter()
    window = Window(origin, origin + warmup, origin + warmup + seconds)
    threads = [
        Client(n, port, setup, window, think, begin=origin + ramp * n / clients)
        for n in range(clients)
    ]
    load_before = os.getloadavg()
    for thread in threads:
        thread.start()
    # The CPU figures are of the measured window; the warm-up's are reported apart.
    cpu_start = {name: tree_cpu_s(root) for name, root in roots.items()}
    time.sleep(max(0.0, window.measured_from - time.perf_counter()))
    cpu_before = {name: tree_cpu_s(root) for name, root in roots.items()}
    server_before = process_cpu_s(roots["server"])
    database_cpu = DatabaseCpu(database)
    database_cpu.start()
    cpu_before["client"] = own_cpu_s()
    for thread in threads:
        thread.join(timeout=warmup + seconds + 60)
    load_after = os.getloadavg()
    cpu_s = {name: tree_cpu_s(root) - cpu_before[name] for name, root in roots.items()}
    server_after = process_cpu_s(roots["server"])
    # How the server's work fell on its processes (the web processes; the supervisor and
    # gunicorn's arbiter use next to nothing): a connection stays with the process that
    # accepted it, and each process's threads share one core at most.
    by_process = sorted(
        (used - server_before.get(pid, 0.0) for pid, used in server_after.items()), reverse=True
    )
    cpu_s |= {
        "database": database_cpu.stop(),
        "client": own_cpu_s() - cpu_before["client"],
    }
    endpoints, warm_endpoints = {}, {}
    for name in threads[0].pages:
        measured, warm = merged(threads, name, warm=False), merged(threads, name, warm=True)
        endpoints[name] = {
            "requests": len(measured.times_ms),
            "per_second": len(measured.times_ms) / seconds,
            "p50_ms": percentile(measured.times_ms, 50),
            "p95_ms": percentile(measured.times_ms, 95),
            "p99_ms": percentile(measured.times_ms, 99),
            "max_ms": max(measured.times_ms, default=None),
            "errors": measured.errors,
            "statuses": {str(k): v for k, v in sorted(measured.statuses.items())},
            "no_answer": measured.failures,
        }
        warm_endpoints[name] = {
            "requests": len(warm.times_ms),
            "p50_ms": percentile(warm.times_ms, 50),
            "p95_ms": percentile(warm.times_ms, 95),
            "max_ms": max(warm.times_ms, default=None),
            "errors": warm.errors,
            "no_answer": warm.failures,
        }
    reference = endpoints.get("reference", {}).get("p95_ms")
    for values in endpoints.values():
        values["p95_over_reference"] = (
            values["p95_ms"] / reference if reference and values["p95_ms"] else None
        )
    answered = sum(values["requests"] for values in endpoints.values())
    warm_answered = sum(values["requests"] for values in warm_endpoints.values())
    warm_server_s = cpu_before["server"] - cpu_start["server"]
    return {
        "clients": clients,
        "seconds": seconds,
        "warmup_s": warmup,
        "ramp_s": ramp,
        "think_s": think,
        "load_average_before": load_before,
        "load_average_after": load_after,
        # The web server's CPU per answered request (every page, the login page included) and
        # the worker's CPU in the run: what the pages cost, apart from what else was running.
        "server_cpu_ms_per_request": cpu_s["server"] * 1000 / answered if answered else None,
        "worker_cpu_s": cpu_s.get("worker"),
        "server_process_cpu_s": [round(used, 2) for used in by_process if used >= 0.1],
        # PostgreSQL's backends of the benchmark database (the server's and the worker's, read
        # every second: DatabaseCpu), and the client threads of this process.
        "database_cpu_ms_per_request": cpu_s["database"] * 1000 / answered if answered else None,
        "client_cpu_ms_per_request": cpu_s["client"] * 1000 / answered if answered else None,
        "endpoints": endpoints,
        # Requests that started in the warm-up, not in the figures above: shown, not hidden.
        "warmup": {
            "server_cpu_ms_per_request": (
                warm_server_s * 1000 / warm_answered if warm_answered else None
            ),
            "endpoints": warm_endpoints,
        },
        "timeline": timeline(threads, warmup + seconds),
    }


# --- the server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_command(port: int, processes: int, threads: int, server: str) -> tuple[list[str], str]:
    """``netweave serve`` (gunicorn), or granian against the same WSGI application and
    settings: the comparison that chose gunicorn (docs/server.md)."""
    if server == "serve":
        return (
            [
                str(BIN / "netweave"),
                "serve",
                "--no-worker",
                "--address",
                f"127.0.0.1:{port}",
                "--processes",
                str(processes),
                "--threads",
                str(threads),
            ],
            "netweave serve (gunicorn, gthread)",
        )
    return (
        [
            str(BIN / "granian"),
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(processes),
            "--blocking-threads",
            str(threads),
            "--no-ws",
            "netweave.wsgi:application",
        ],
        "granian (WSGI)",
    )


def wait_until_up(port: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/login/", headers={"Host": "127.0.0.1"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the server on port {port} did not answer within {timeout} s")


def stop(process: subprocess.Popen) -> None:
    """Stop a process group we started (the server and its own children)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def database(action: str, name: str, template: str | None = None) -> None:
    """Drop ``name``; with ``action`` "create", create it anew: empty, or a copy of
    ``template``."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if action == "create":
            conn.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))


def database_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            is not None
        )


def build(env: dict[str, str], members: int, years: int) -> dict[str, Any]:
    """Migrate the (empty) database of ``env`` and load the network in a child process."""
    subprocess.run([str(BIN / "netweave"), "migrate"], env=env, check=True, capture_output=True)
    return json.loads(
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--child-setup",
                "--members",
                str(members),
                "--years",
                str(years),
            ],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()[-1]
    )


def prepared(env: dict[str, str], name: str, members: int, years: int, keep: bool) -> dict:
    """The setup of the benchmark's network: built in a fresh database, or with ``keep`` the
    one a previous ``keep`` run built and left (migrated to this checkout's models)."""
    saved = Path(env["NETWEAVE_HOME"]) / "setup.json"
    if keep and saved.exists() and database_exists(name):
        subprocess.run([str(BIN / "netweave"), "migrate"], env=env, check=True, capture_output=True)
        return json.loads(saved.read_text())
    database("create", name)
    setup = build(env, members, years)
    if keep:
        saved.write_text(json.dumps(setup))
    return setup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0, help="the measured window")
    parser.add_argument(
        "--warmup",
        type=float,
        default=10.0,
        help="seconds before the measured window whose requests are reported apart "
        "(0: every request counts, the method before 2 December 14:00)",
    )
    parser.add_argument(
        "--ramp",
        type=float,
        default=5.0,
        help="the clients start one after another over these seconds (within the warm-up)",
    )
    parser.add_argument("--think", type=float, nargs="+", default=[1.0, 0.0])
    parser.add_argument(
        "--processes", type=int, default=serving.web_processes(), help="web server processes"
    )
    parser.add_argument(
        "--threads", type=int, default=serving.WEB_THREADS, help="threads of each process"
    )
    parser.add_argument(
        "--server",
        choices=["serve", "granian"],
        default="serve",
        help="netweave serve (gunicorn), or granian against the same application",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database bench_web_<members> and its home for the next --keep run "
        "(which reuses them instead of building the network again)",
    )
    parser.add_argument(
        "--prepare",
        action="store_true",
        help="with --keep: build (or find) the kept database, print its environment, and stop",
    )
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="run no worker (the quick logs' refreshes wait): what the background work costs",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="runs of each --think value, each from the database as built with a server and "
        "worker started anew; the medians are reported (docs: shared BENCHMARKS.md)",
    )
    parser.add_argument("--child-setup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_setup:
        print(json.dumps(child_setup(args.members, args.years)))
        return
    if args.ramp > args.warmup:
        parser.error("--ramp must end within --warmup (a client that starts later is measured)")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.prepare and not args.keep:
        parser.error("--prepare needs --keep (a database that is dropped at once is of no use)")

    if args.keep:
        name = f"bench_web_{args.members}"
        home = str(Path(tempfile.gettempdir()) / f"netweave-bench-web-{args.members}")
        Path(home).mkdir(exist_ok=True)
    else:
        name, home = PG_DATABASE, tempfile.mkdtemp(prefix="netweave-bench-web-")
    env = {
        **os.environ,
        "NETWEAVE_HOME": home,
        "NETWEAVE_DATABASE_URL": f"{PG_SERVER}/{name}",
        "DJANGO_SETTINGS_MODULE": "netweave.settings.local",
        "NETWEAVE_DEBUG": "0",
        "NETWEAVE_ALLOWED_HOSTS": "127.0.0.1",
    }
    start = f"{name}_start"
    copied = False
    try:
        setup = prepared(env, name, args.members, args.years, args.keep)
        if args.prepare:
            for variable in ("NETWEAVE_HOME", "NETWEAVE_DATABASE_URL", "DJANGO_SETTINGS_MODULE"):
                print(f"{variable}={env[variable]}")
            print(json.dumps({k: v for k, v in setup.items() if k not in ("others", "prefixes")}))
            return
        if args.server == "granian":
            # What `netweave serve` does before it starts its web server.
            subprocess.run(
                [str(BIN / "netweave"), "manage", "collectstatic", "--noinput"],
                env=env,
                check=True,
                capture_output=True,
            )
        # Every run starts from the database as it was built: no refresh run or queued yet, so
        # the quick logs set off the same background work in each (a run on the state the one
        # before left would find the refreshes done and the next ones waiting minutes).
        database("create", start, template=name)
        copied = True
        runs: list[dict] = []
        for think in args.think:
            repetitions: list[dict] = []
            for repetition in range(args.repeat):
                if runs or repetitions:
                    database("create", name, template=start)
                run = served_run(args, env, setup, name, think)
                repetitions.append(run)
                print(
                    f"\nthink {think} s, {args.clients} clients, {args.seconds:.0f} s, "
                    f"repetition {repetition + 1} of {args.repeat}; "
                    f"load average {run['load_average_before'][0]:.1f} → "
                    f"{run['load_average_after'][0]:.1f}; CPU a request: server "
                    f"{run['server_cpu_ms_per_request'] or 0:.1f} ms, PostgreSQL "
                    f"{run['database_cpu_ms_per_request'] or 0:.1f} ms, clients "
                    f"{run['client_cpu_ms_per_request'] or 0:.1f} ms; worker CPU "
                    f"{run['worker_cpu_s'] or 0:.1f} s; server processes "
                    + " / ".join(f"{used:.1f}" for used in run["server_process_cpu_s"])
                    + " s"
                )
                _print_run(run)
            summary = medians(repetitions)
            runs.append({"think_s": think, "median": summary, "repetitions": repetitions})
            _print_medians(think, summary, len(repetitions))
    finally:
        if copied and args.keep:
            # The kept database goes back to how it was built: the runs' quick logs would
            # otherwise pile up in it, run after run (the benchmark's member had 1,300
            # interactions after two runs and some profiling, against 193 as built).
            database("create", name, template=start)
        database("drop", start)
        if not args.keep:
            database("drop", name)
    missing = [name for name, url in setup["urls"].items() if not url]
    result = {
        "benchmark": "web pages under load on PostgreSQL",
        "command": "python benchmarks/web.py " + " ".join(sys.argv[1:]),
        "machine": {
            "nproc": os.cpu_count(),
            "cpu": cpu_model(),
            "python": platform.python_version(),
            "postgresql_database": name + (" (kept)" if args.keep else " (dropped afterwards)"),
        },
        "server": serve_command(0, args.processes, args.threads, args.server)[1],
        "repetitions": args.repeat,
        "server_processes": args.processes,
        "server_threads": args.threads,
        "members": args.members,
        "years": args.years,
        "interactions": setup["interactions"],
        "dashboard_refresh_s": setup["dashboard_refresh_stored_s"],
        "pages_missing_on_main": missing,
        "target": {
            "p95_ms": TARGET_P95_MS,
            "autocomplete_p95_ms": TARGET_AUTOCOMPLETE_P95_MS,
            "errors": 0,
            "source": "issue 7",
        },
        "runs": runs,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    results = RESULTS if args.server == "serve" else RESULTS.with_name("web-granian.json")
    results.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nmissing on main: {missing or 'none'}; written to {results}")


def served_run(
    args: argparse.Namespace, env: dict[str, str], setup: dict, name: str, think: float
) -> dict:
    """One run of the load against a server and a worker started for it (and stopped after)."""
    server = worker = None
    port = free_port()
    try:
        server = subprocess.Popen(
            serve_command(port, args.processes, args.threads, args.server)[0],
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # One worker beside either server (serve runs --no-worker here, so both are alike).
        if not args.no_worker:
            worker = subprocess.Popen(
                [str(BIN / "netweave"), "worker"],
                env=env,
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        wait_until_up(port)
        roots = {"server": server.pid} | ({"worker": worker.pid} if worker else {})
        return run_load(
            port, setup, args.clients, args.seconds, think, roots, name, args.warmup, args.ramp
        )
    finally:
        for process in (server, worker):
            if process is not None:
                stop(process)


MEDIAN_OF = ("p50_ms", "p95_ms", "p99_ms", "p95_over_reference")


def medians(repetitions: list[dict]) -> dict:
    """Per endpoint the median (and the range) over the repetitions of each of
    :data:`MEDIAN_OF`, and the errors of all; the median CPU a request and worker CPU."""

    def spread(values: list[float | None]) -> dict[str, float | None]:
        known = [value for value in values if value is not None]
        if not known:
            return {"median": None, "min": None, "max": None}
        return {"median": statistics.median(known), "min": min(known), "max": max(known)}

    endpoints = {
        endpoint: {
            key: spread([run["endpoints"][endpoint][key] for run in repetitions])
            for key in MEDIAN_OF
        }
        | {"errors": sum(run["endpoints"][endpoint]["errors"] for run in repetitions)}
        for endpoint in repetitions[0]["endpoints"]
    }
    return {
        "endpoints": endpoints,
        "server_cpu_ms_per_request": spread(
            [run["server_cpu_ms_per_request"] for run in repetitions]
        ),
        "worker_cpu_s": spread([run["worker_cpu_s"] for run in repetitions]),
    }


def _print_run(run: dict) -> None:
    """The measured window's table, the warm-up's beside it, and the run's timeline."""
    print(
        f"{'endpoint':<15}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
        f"{'errors':>8}{'p95/ref':>9} | warm-up:{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'max ms':>9}{'errors':>8}"
    )
    for endpoint, values in run["endpoints"].items():
        warm = run["warmup"]["endpoints"][endpoint]
        print(
            f"{endpoint:<15}{values['requests']:>9}{_ms(values['p50_ms'])}"
            f"{_ms(values['p95_ms'])}{_ms(values['p99_ms'])}{_ms(values['max_ms'])}"
            f"{values['errors']:>8}{_ratio(values['p95_over_reference'])} | "
            f"{'':>8}{warm['requests']:>9}{_ms(warm['p50_ms'])}{_ms(warm['p95_ms'])}"
            f"{_ms(warm['max_ms'])}{warm['errors']:>8}"
        )
    print(
        f"warm-up {run['warmup_s']:.0f} s (clients started over {run['ramp_s']:.0f} s): server "
        f"CPU {run['warmup']['server_cpu_ms_per_request'] or 0:.1f} ms a request. "
        f"By start time (s: requests, over {SLOW_MS} ms, longest ms):"
    )
    print(
        "  "
        + "; ".join(
            f"{stretch['from_s']:.0f}: {stretch['requests']}, "
            f"{stretch[f'over_{SLOW_MS}_ms']}, {stretch['max_ms']:.0f}"
            for stretch in run["timeline"]
        )
    )


def _print_medians(think: float, summary: dict, count: int) -> None:
    """The median of the repetitions per endpoint, with the range of the p95."""
    cpu = summary["server_cpu_ms_per_request"]
    print(
        f"\nthink {think} s: median of {count} repetition(s); server CPU a request "
        f"{cpu['median'] or 0:.1f} ms ({cpu['min'] or 0:.1f}–{cpu['max'] or 0:.1f})"
    )
    print(
        f"{'endpoint':<15}{'p50 ms':>9}{'p95 ms':>9}{'p95 range':>19}{'p99 ms':>9}"
        f"{'p95/ref':>9}{'errors':>8}"
    )
    for endpoint, values in summary["endpoints"].items():
        p95 = values["p95_ms"]
        low, high = p95["min"] or 0.0, p95["max"] or 0.0
        print(
            f"{endpoint:<15}{_ms(values['p50_ms']['median'])}{_ms(p95['median'])}"
            f"{f'{low:.1f}–{high:.1f}':>19}{_ms(values['p99_ms']['median'])}"
            f"{_ratio(values['p95_over_reference']['median'])}{values['errors']:>8}"
        )


def _ms(value: float | None) -> str:
    return f"{value:>9.1f}" if value is not None else f"{'–':>9}"


def _ratio(value: float | None) -> str:
    return f"{value:>9.1f}" if value is not None else f"{'–':>9}"


if __name__ == "__main__":
    main()
