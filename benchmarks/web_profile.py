"""What one request of each page of ``benchmarks/web.py`` costs, in one process, no load.

Beside web.py's pages, three with a person field, which listed every current member before
4 December (``web.widgets.PersonPicker`` since): ``routine`` (a random-coffee routine's page, as
a member who takes part: the benchmark's member is made one, in the copy), ``routine_new`` and
``introduce`` (the steward's); and two lists shown whole before 4 December (one page, or a few
of each column, since): ``initiatives`` (the board) and ``routines``. The routine page lists
its participants too. Compare ``--members 10000`` with ``--members 1000`` to see whether a page
grows with the network.

For each page: the median wall and CPU time of ``--repeat`` requests through Django's test
client (the whole middleware stack and template rendering), the number of SQL queries and the
time spent in them; with ``--profile PAGE`` the functions that take the most time.

It runs against a copy of the database ``benchmarks/web.py --keep`` keeps (build it once with
``benchmarks/web.py --keep --prepare [--members N]``), dropped at the end, so that its quick logs
and the refreshes they queue are not left in the kept database for the next run::

    .venv/bin/python benchmarks/web_profile.py                   # the kept 10k network
    .venv/bin/python benchmarks/web_profile.py --members 1000 --profile member_home
    .venv/bin/python benchmarks/web_profile.py --served --repeat 20   # through netweave serve
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

PG_SERVER = "postgresql://postgres@127.0.0.1:5432"


def configure(members: int, database: str) -> dict[str, Any]:
    """Point Django at ``database`` and the kept benchmark home; the kept setup."""
    home = Path(tempfile.gettempdir()) / f"netweave-bench-web-{members}"
    saved = home / "setup.json"
    if not saved.exists():
        sys.exit(f"no kept network of {members} members: run web.py --keep --prepare first")
    os.environ |= {
        "NETWEAVE_HOME": str(home),
        "NETWEAVE_DATABASE_URL": f"{PG_SERVER}/{database}",
        "DJANGO_SETTINGS_MODULE": "netweave.settings.local",
        "NETWEAVE_DEBUG": "0",
        "NETWEAVE_ALLOWED_HOSTS": "127.0.0.1,testserver",
        # web.py's server logs at INFO (a line a request); NETWEAVE_LOG_LEVEL=INFO counts that.
        "NETWEAVE_LOG_LEVEL": os.environ.get("NETWEAVE_LOG_LEVEL", "WARNING"),
    }
    return json.loads(saved.read_text())


def requests_of(setup: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """page → a function making one request of it with a test client (what web.py's clients ask)."""
    from django.test import Client

    def client(role: str) -> Client:
        made = Client(HTTP_HOST="127.0.0.1")
        made.cookies["sessionid"] = setup["sessions"][role]
        return made

    steward, member = client("steward"), client("member")
    anonymous = Client(HTTP_HOST="127.0.0.1")  # one client: each new one sets up its middleware
    urls = setup["urls"]
    network = urls["dashboard"]  # /networks/<slug>/
    coffee = _taking_part_in_coffee(setup)

    def prefix() -> str:
        return quote(rng.choice(setup["prefixes"]))

    return {
        "dashboard": lambda: steward.get(urls["dashboard"]),
        "member_home": lambda: member.get(urls["member_home"]),
        "people_search": lambda: member.get(f"{urls['people_search']}?q={prefix()}"),
        "autocomplete": lambda: member.get(
            f"{urls['autocomplete']}?q={prefix()}", HTTP_HX_REQUEST="true"
        ),
        "quick_log": lambda: member.post(
            urls["quick_log"],
            {
                "verb": "met",
                "other": rng.choice(setup["others"]),
                "occurred_on": setup["today"],
                "note": "",
            },
        ),
        "reference": lambda: anonymous.get(urls["reference"]),
        "routine": lambda: member.get(f"{network}routines/{coffee}/"),
        "routine_new": lambda: steward.get(f"{network}routines/new/"),
        "introduce": lambda: steward.get(f"{network}introductions/steward/"),
        "initiatives": lambda: member.get(f"{network}initiatives/"),
        "routines": lambda: member.get(f"{network}routines/"),
    }


def _taking_part_in_coffee(setup: dict[str, Any]) -> int:
    """The id of a random-coffee routine of the network, which the benchmark's member is made
    to take part in (in the copy this runs against)."""
    from django.contrib.sessions.backends.db import SessionStore

    from netweave.networks.models import Membership
    from netweave.routines.models import Format, Participant, ParticipantStatus, Routine

    user = SessionStore(session_key=setup["sessions"]["member"])["_auth_user_id"]
    person = Membership.objects.get(user_id=user).person
    routine = Routine.objects.filter(network=person.network, format=Format.RANDOM_COFFEE).first()
    if routine is None:
        sys.exit("the kept network has no random-coffee routine")
    Participant.objects.update_or_create(
        routine=routine, person=person, defaults={"status": ParticipantStatus.ACTIVE}
    )
    return routine.pk


def measure(request: Any, repeat: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    walls, cpus, statuses = [], [], set()
    size = len(request().content)  # warm: imports, templates, connection
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        statuses.add(request().status_code)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    with CaptureQueriesContext(connection) as queries:
        request()
    return {
        "wall_ms": statistics.median(walls) * 1000,
        "cpu_ms": statistics.median(cpus) * 1000,
        "queries": len(queries),
        "query_ms": sum(float(q["time"]) for q in queries.captured_queries) * 1000,
        "statuses": sorted(statuses),
        "kb": size / 1000,
        "sql": [f"{float(q['time']) * 1000:7.1f} ms  {q['sql']}" for q in queries.captured_queries],
    }


def served(setup: dict[str, Any], repeat: int) -> None:
    """The server's CPU per request of each page, through ``netweave serve`` (one process, one
    thread, requests one after another): what the test client leaves out (HTTP, gunicorn); and
    the CPU of the PostgreSQL backends answering its queries. Beside it, the first request of
    each page in the fresh process: what a cold process costs (web.py's warm-up)."""
    import http.client
    import signal
    import subprocess

    from web import BIN, Client, DatabaseCpu, Window, free_port, tree_cpu_s, wait_until_up

    port = free_port()
    server = subprocess.Popen(
        [
            *(str(BIN / "netweave"), "serve", "--no-worker", "--address", f"127.0.0.1:{port}"),
            *("--processes", "1", "--threads", "1"),
        ],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(port)
        client = Client(0, port, setup, Window(0.0, 0.0, 0.0), think=0.0, begin=0.0)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        database = os.environ["NETWEAVE_DATABASE_URL"].rsplit("/", 1)[1]
        print(
            f"{'page':<15}{'server cpu ms':>14}{'db cpu ms':>10}{'wall ms':>9}"
            f"{'first: cpu ms':>15}{'wall ms':>9}  status"
        )
        for name in client.pages:
            # The first request of each page in a fresh process (the pages in this order: the
            # first page's also opens the connection and loads what every page uses).
            cpu, wall = tree_cpu_s(server.pid), time.perf_counter()
            client._request(conn, name)
            first_cpu_ms = (tree_cpu_s(server.pid) - cpu) * 1000
            first_wall_ms = (time.perf_counter() - wall) * 1000
            client._request(conn, name)  # warm
            database_cpu = DatabaseCpu(database)
            database_cpu.start()
            cpu, wall = tree_cpu_s(server.pid), time.perf_counter()
            statuses = {client._request(conn, name) for _ in range(repeat)}
            cpu_ms = (tree_cpu_s(server.pid) - cpu) * 1000 / repeat
            db_ms = database_cpu.stop() * 1000 / repeat
            wall_ms = (time.perf_counter() - wall) * 1000 / repeat
            print(
                f"{name:<15}{cpu_ms:>14.1f}{db_ms:>10.1f}{wall_ms:>9.1f}"
                f"{first_cpu_ms:>15.1f}{first_wall_ms:>9.1f}  {sorted(statuses)}"
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--pages", nargs="+", help="only these pages")
    parser.add_argument("--profile", help="cProfile this page and print the top functions")
    parser.add_argument("--sql", help="print the SQL of one request of this page")
    parser.add_argument(
        "--served", action="store_true", help="measure through netweave serve instead"
    )
    args = parser.parse_args()
    from web import database

    kept = f"bench_web_{args.members}"
    setup = configure(args.members, f"{kept}_profile")
    database("create", f"{kept}_profile", template=kept)
    try:
        if args.served:
            served(setup, args.repeat)
        else:
            profiled(args, setup)
    finally:
        database("drop", f"{kept}_profile")


def profiled(args: argparse.Namespace, setup: dict[str, Any]) -> None:
    """Each page through Django's test client, in this process (``--profile``: one page)."""
    from django.conf import settings
    from django.core.management import call_command

    import netweave.wsgi  # noqa: F401 - Django set up as a served process has it (Polars too)

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", "--noinput", verbosity=0)  # as netweave serve does
    requests = requests_of(setup, random.Random(1))
    if args.profile:
        request = requests[args.profile]
        request()
        # CPU time (not wall): what a page costs the machine, not what it waited for.
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(args.repeat):
            request()
        profiler.disable()
        out = io.StringIO()
        order = os.environ.get("SORT", "cumulative")  # or tottime: the functions themselves
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(
            int(os.environ.get("TOP", "45"))
        )
        print(out.getvalue())
        return
    print(f"{'page':<15}{'wall ms':>9}{'cpu ms':>9}{'queries':>9}{'sql ms':>9}{'kB':>8}  status")
    for name, request in requests.items():
        if args.pages and name not in args.pages:
            continue
        values = measure(request, args.repeat)
        print(
            f"{name:<15}{values['wall_ms']:>9.1f}{values['cpu_ms']:>9.1f}"
            f"{values['queries']:>9}{values['query_ms']:>9.1f}{values['kb']:>8.1f}"
            f"  {values['statuses']}"
        )
        if args.sql == name:
            for sql in values["sql"]:
                print("   ", sql if os.environ.get("FULL_SQL") else sql[:300])


if __name__ == "__main__":
    main()
