"""Benchmark of many networks (issue 12): the annual reports of N networks on PostgreSQL, made
by 1 and by 2 `netweave worker` processes sharing the database queue.

What is measured: `netweave report --all --year Y` queues one report per network; then W worker
processes (`netweave worker --batch`, each exits when the queue is empty) are started at once
and the clock runs until the last one exits and every report run is done. Reported: networks per
minute for W = 1 and W = 2, and the speed-up (median time with 1 / median time with 2; the
issue's target is at least 1.7 on 2 cores).

Named reference: the same work with one worker, in the same process run, interleaved
(1, 2, 1, 2, …), ``--rounds`` times each (default 3; at 1,000 networks one round of one worker
takes hours, so the integrator may choose ``--rounds 1`` and says so).

Inputs, made before any clock starts: N networks of ``--members`` (default 500) with two years
of data (the report compares a year with the one before), in a new PostgreSQL database of their
own (dropped at the end). Generating is deterministic; to keep preparation affordable,
``--distinct`` (default 10) generated networks (seeds 1…) are each loaded N / distinct times
under different slugs. Each network's map layout is computed before timing (by workers), as in
an installation that has been running: otherwise the first round would also pay for layouts
that the second finds made. Before each round the previous round's runs and tasks are deleted.

    .venv/bin/python benchmarks/scale.py                        # 1,000 networks (hours)
    .venv/bin/python benchmarks/scale.py --networks 20 --rounds 1 --format html   # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

import psycopg
from machine import cpu_model

RESULTS = Path(__file__).parent / "results" / "scale.json"
YEAR = 2025
UNTIL = date(YEAR, 12, 31)
SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def child_prepare(networks: int, members: int, distinct: int) -> dict:
    """Load ``networks`` generated networks (not timed by the benchmark's clock)."""
    import django

    django.setup()
    from django.core.management import call_command

    from netweave import synth
    from netweave.interop.synthetic import network_load_synthetic

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    generated = [
        synth.generate(synth.SynthConfig(members=members, years=2, until=UNTIL, seed=seed))
        for seed in range(1, min(distinct, networks) + 1)
    ]
    for number in range(networks):
        network_load_synthetic(synthetic=generated[number % len(generated)], slug=f"n{number:05d}")
        if number % 50 == 49:
            print(f"loaded {number + 1} of {networks}", file=sys.stderr, flush=True)
    return {
        "interactions_per_network": [g.tables.interactions.height for g in generated],
        "prepare_s": time.perf_counter() - started,
    }


def _environment(home: Path, url: str) -> dict[str, str]:
    environment = dict(os.environ, NETWEAVE_HOME=str(home), NETWEAVE_DATABASE_URL=url)
    environment["DJANGO_SETTINGS_MODULE"] = "netweave.settings.local"
    return environment


def _netweave(environment: dict[str, str], *arguments: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "netweave", *arguments],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"netweave {' '.join(arguments)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def _workers(environment: dict[str, str], count: int) -> float:
    """Start ``count`` batch workers at once; seconds until the last one has exited."""
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "netweave", "worker", "--batch"],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]
    codes = [process.wait() for process in processes]
    elapsed = time.perf_counter() - started
    if any(codes):
        raise SystemExit(f"a worker failed: exit statuses {codes}")
    return elapsed


def _round(environment: dict[str, str], url: str, workers: int, fmt: str, networks: int) -> dict:
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DELETE FROM reports_reportrun")
        connection.execute("DELETE FROM django_tasks_database_dbtaskresult")
    _netweave(environment, "report", "--all", "--year", str(YEAR), "--format", fmt)
    seconds = _workers(environment, workers)
    with psycopg.connect(url) as connection:
        statuses = dict(
            connection.execute(
                "SELECT status, count(*) FROM reports_reportrun GROUP BY status"
            ).fetchall()
        )
    if statuses != {"done": networks}:
        raise SystemExit(f"not every report was made with {workers} workers: {statuses}")
    return {"workers": workers, "seconds": seconds, "networks_per_minute": networks * 60 / seconds}


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in ("django", "django-tasks-db", "psycopg", "weasyprint")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networks", type=int, default=1_000)
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--distinct", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--format", choices=["html", "pdf"], default="pdf")
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server (any database).")
    parser.add_argument("--child-prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_prepare:
        print(json.dumps(child_prepare(args.networks, args.members, args.distinct)))
        return

    name = f"netweave_scale_{uuid.uuid4().hex[:10]}"
    admin = args.server.rsplit("/", 1)[0] + "/postgres"
    url = args.server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory(prefix="netweave-scale-") as home:
            environment = _environment(Path(home), url)
            prepared = subprocess.run(
                [sys.executable, __file__, "--child-prepare", "--networks", str(args.networks),
                 "--members", str(args.members), "--distinct", str(args.distinct)],
                env=environment, capture_output=True, text=True, check=True,
            )  # fmt: skip
            preparation = json.loads(prepared.stdout.strip().splitlines()[-1])
            started = time.perf_counter()
            _workers(environment, 2)  # map layouts, queued by loading: made before any clock
            preparation["map_layouts_s"] = time.perf_counter() - started
            rounds = [
                _round(environment, url, workers, args.format, args.networks)
                for _ in range(args.rounds)
                for workers in (1, 2)
            ]
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    median = {
        workers: statistics.median(r["seconds"] for r in rounds if r["workers"] == workers)
        for workers in (1, 2)
    }
    report = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": {
            "nproc": os.cpu_count(),
            "cpu": cpu_model(),
            "python": platform.python_version(),
        },
        "versions": _versions(),
        "networks": args.networks,
        "members": args.members,
        "format": args.format,
        "year": YEAR,
        "preparation": preparation,
        "rounds": rounds,
        "median_seconds": median,
        "networks_per_minute": {w: args.networks * 60 / s for w, s in median.items()},
        "speed_up": median[1] / median[2],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    _print(report)


def _print(report: dict) -> None:
    machine = report["machine"]
    print(
        f"{report['networks']} networks of {report['members']} members, {report['format']}, "
        f"year {report['year']}; {machine['nproc']} cores, {machine['cpu']}"
    )
    print(f"{'workers':>8} {'median s':>10} {'networks/min':>13}   rounds (s)")
    for workers in (1, 2):
        seconds = [f"{r['seconds']:.1f}" for r in report["rounds"] if r["workers"] == workers]
        print(
            f"{workers:>8} {report['median_seconds'][workers]:>10.1f} "
            f"{report['networks_per_minute'][workers]:>13.1f}   {', '.join(seconds)}"
        )
    print(f"speed-up with 2 workers: {report['speed_up']:.2f} (target ≥ 1.7)")


if __name__ == "__main__":
    main()
