"""Benchmark of `network_load_synthetic`: a generated network into SQLite and PostgreSQL.

Named reference: the loader as it was before the bulk path (interactions and attendance through
``cursor.executemany`` on generated tuples, kept below as ``old_network_load_synthetic``), run
interleaved with ours at 10k members: ours, old, ours, old… on each database. At 100k members
(≈10M interactions) only ours runs (the old path would take ~10 minutes per database); the
report says how many runs. Target from the issue: 100k members / 10M interactions "in about a
minute".

Every run is a fresh subprocess with a fresh database (a new SQLite file; PostgreSQL database
``netweave_bench`` created before and dropped after, through the ``postgres`` database), so
peak memory is that process's maximum resident set size (``resource.getrusage``; the PostgreSQL
server's own memory is not in it). The child configures Django (``netweave.settings.test`` with
``NETWEAVE_DATABASE_URL``), migrates, generates the network (before the clock; seed 1), then
times the load, including the commit.

    .venv/bin/python benchmarks/load.py                     # 10k ×3 interleaved, 100k ×1
    .venv/bin/python benchmarks/load.py --runs 1 --large-runs 0 --databases sqlite  # a quick look
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
from collections.abc import Callable, Iterator
from datetime import date
from itertools import batched
from pathlib import Path
from typing import Any

from machine import cpu_model, peak_rss_mib

RESULTS = Path(__file__).parent / "results" / "load.json"
UNTIL = date(2026, 6, 30)
SEED = 1
SMALL, LARGE = 10_000, 100_000
TARGET_SECONDS = 60.0  # the issue: 100k members / 10M interactions "in about a minute"
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
PG_DATABASE = "netweave_bench"


# --- child: one load into one fresh database ------------------------------------------------


def child_load(members: int, database: str, impl: str) -> dict:
    if database == "sqlite":
        with tempfile.TemporaryDirectory(prefix="netweave-bench-") as folder:
            os.environ["NETWEAVE_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
            return _child_load(members, database, impl)
    os.environ["NETWEAVE_DATABASE_URL"] = f"{PG_SERVER}/{PG_DATABASE}"
    return _child_load(members, database, impl)


def _child_load(members: int, database: str, impl: str) -> dict:
    os.environ["DJANGO_SETTINGS_MODULE"] = "netweave.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from netweave import synth
    from netweave.interop import synthetic

    call_command("migrate", verbosity=0)
    network = synth.generate(synth.SynthConfig(members=members, until=UNTIL, seed=SEED))
    rss_before = peak_rss_mib()
    stages: dict[str, float] = {}

    def timed(function: Callable[..., Any], key: Callable[..., str]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                name = key(*args, **kwargs)
                stages[name] = stages.get(name, 0.0) + time.perf_counter() - started

        return wrapper

    def model_name(model: Any, *args: Any, **kwargs: Any) -> str:
        return str(model._meta.model_name)

    if impl == "ours":
        synthetic.insert_frame = timed(synthetic.insert_frame, model_name)  # type: ignore[attr-defined]
        load = synthetic.network_load_synthetic
    else:
        globals()["_insert_rows"] = timed(_insert_rows, model_name)
        load = old_network_load_synthetic
    started = time.perf_counter()
    load(synthetic=network)
    total = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM ledger_interaction")
        (stored,) = cursor.fetchone()
    connection.close()
    interactions = network.tables.interactions.height
    assert stored == interactions, (stored, interactions)
    return {
        "members": members,
        "database": database,
        "impl": impl,
        "interactions": interactions,
        "attendance": network.tables.attendance.height,
        "load_s": total,
        "interactions_s": stages["interaction"],
        "attendance_s": stages["attendance"],
        "rest_s": total - stages["interaction"] - stages["attendance"],
        "rss_before_load_mib": rss_before,
        "peak_rss_mib": peak_rss_mib(),
    }


# --- the reference: the loader before the bulk path (copied, unchanged in behaviour) --------


def _insert_rows(
    model: Any, columns: Any, rows: Iterator[tuple], total: int, progress: Any
) -> None:
    """Insert plain tuples with ``executemany``: for tables too large for model instances."""
    from django.db import connection

    from netweave.interop.bulk import _column

    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(_column(model, name)) for name in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608 - names from models
    label = str(model._meta.verbose_name_plural)
    done = 0
    with connection.cursor() as cursor:
        for batch in batched(rows, 5_000):
            cursor.executemany(sql, batch)
            done += len(batch)
            progress(label, done, total)
    progress(label, total, total)


def old_network_load_synthetic(*, synthetic: Any, slug: str | None = None) -> Any:
    from django.db import transaction

    from netweave.interop.synthetic import IdMap, _bulk, _load_initiatives
    from netweave.introductions.models import Introduction
    from netweave.ledger.models import Ask, Interaction, Offer
    from netweave.networks.models import Network, Organisation, Person, Theme
    from netweave.progress import no_progress
    from netweave.routines.models import Attendance, Occurrence, Reflection, Routine

    progress = no_progress
    with transaction.atomic():
        tables = synthetic.tables
        charter = synthetic.charter_nl
        network = Network(
            name=synthetic.name,
            slug=slug or synthetic.slug,
            language="nl",
            purpose=charter.purpose,
            values="\n".join(charter.values),
            rules="\n".join(charter.rules),
        )
        network.full_clean()
        network.save()
        themes = {
            theme.slug: theme
            for theme in _bulk(
                Theme,
                [Theme(network=network, **row) for row in synthetic.themes.iter_rows(named=True)],
            )
        }
        organisations = tables.organisations.join(
            synthetic.organisation_details, on="organisation_id", how="left"
        )
        saved_orgs = _bulk(
            Organisation,
            [
                Organisation(
                    network=network,
                    name=row["name"],
                    slug=row["slug"],
                    sector=row["sector"],
                    city=row.get("city") or "",
                )
                for row in organisations.iter_rows(named=True)
            ],
        )
        org_pk = IdMap(organisations["organisation_id"], (o.pk for o in saved_orgs))
        people = tables.members.join(synthetic.people, on="person_id", how="left")
        saved_people = _bulk(
            Person,
            [
                Person(
                    network=network,
                    organisation_id=org_pk.optional(row["organisation_id"]),
                    first_name=row["first_name"],
                    last_name=row["last_name"],
                    email=row["email"],
                    language=row["language"],
                    joined_on=row["joined"],
                    left_on=row["left"],
                )
                for row in people.iter_rows(named=True)
            ],
        )
        person_pk = IdMap(people["person_id"], (p.pk for p in saved_people))
        _bulk(
            Person.themes.through,
            [
                Person.themes.through(
                    person_id=person_pk[row["person_id"]], theme=themes[row["theme"]]
                )
                for row in tables.member_themes.iter_rows(named=True)
            ],
        )
        saved_routines = _bulk(
            Routine,
            [
                Routine(
                    network=network,
                    name=row["name"],
                    format=row["format"],
                    cadence=row["cadence"],
                    steward_id=person_pk.optional(row["steward_id"]),
                    theme=themes.get(row["theme"]) if row["theme"] else None,
                    started_on=row["started_on"],
                    ended_on=row["ended_on"],
                )
                for row in synthetic.routines.iter_rows(named=True)
            ],
        )
        routine_pk = IdMap(synthetic.routines["routine_id"], (r.pk for r in saved_routines))
        saved_occurrences = _bulk(
            Occurrence,
            [
                Occurrence(routine_id=routine_pk[row["routine_id"]], on=row["on"], held=row["held"])
                for row in tables.occurrences.iter_rows(named=True)
            ],
        )
        occurrence_pk = IdMap(
            tables.occurrences["occurrence_id"], (o.pk for o in saved_occurrences)
        )
        _insert_rows(
            Attendance,
            ["occurrence", "person"],
            (
                (occurrence_pk[occurrence], person_pk[person])
                for occurrence, person in tables.attendance.iter_rows()
            ),
            tables.attendance.height,
            progress,
        )
        _bulk(
            Reflection,
            [
                Reflection(
                    occurrence_id=occurrence_pk[row["occurrence_id"]],
                    text=row["text"],
                    language=row["language"],
                )
                for row in synthetic.reflections.iter_rows(named=True)
            ],
        )
        interactions = tables.interactions.with_columns(
            person_pk.column(tables.interactions["a"]).alias("a"),
            person_pk.column(tables.interactions["b"]).alias("b"),
        )
        _insert_rows(
            Interaction,
            [
                "network",
                "occurred_on",
                "kind",
                "person_a",
                "person_b",
                "directed",
                "purpose",
                "source",
                "note",
                "import_key",
            ],
            (
                (network.pk, on, kind, a, b, directed, purpose, source, "", "")
                for a, b, on, kind, directed, purpose, source in interactions.select(
                    "a", "b", "on", "kind", "directed", "purpose", "source"
                ).iter_rows()
            ),
            interactions.height,
            progress,
        )
        _bulk(
            Introduction,
            [
                Introduction(
                    network=network,
                    introducer_id=person_pk.optional(row["introducer_id"]),
                    person_a_id=person_pk[row["a"]],
                    person_b_id=person_pk[row["b"]],
                    status=row["status"],
                    suggested_on=row["suggested_on"],
                    met_on=row["met_on"],
                )
                for row in tables.introductions.iter_rows(named=True)
            ],
        )
        for model, frame in ((Ask, synthetic.asks), (Offer, synthetic.offers)):
            _bulk(
                model,
                [
                    model(
                        network=network,
                        person_id=person_pk[row["person_id"]],
                        theme=themes.get(row["theme"]),
                        text=row["text"],
                        language=row["language"],
                        created_on=row["created_on"],
                        closed_on=row["closed_on"],
                    )
                    for row in frame.iter_rows(named=True)
                ],
            )
        _load_initiatives(synthetic, network, themes, person_pk)
    return network


# --- parent: fresh databases, interleaved runs, the table ------------------------------------


def pg_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(statement)


def run_child(members: int, database: str, impl: str) -> dict:
    if database == "postgresql":
        pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        pg_admin(f"CREATE DATABASE {PG_DATABASE}")
    try:
        completed = subprocess.run(
            [sys.executable, __file__, "--child", str(members), database, impl],
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode:
            raise RuntimeError(completed.stderr[-3000:])
        result = json.loads(completed.stdout.strip().splitlines()[-1])
    finally:
        if database == "postgresql":
            pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
    print(
        f"  {members:>7,} {database:<10} {impl:<4} load {result['load_s']:7.2f} s, "
        f"interactions {result['interactions_s']:7.2f} s",
        flush=True,
    )
    return result


def summarise(runs: list[dict]) -> dict:
    def median(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    first = runs[0]
    return {
        "members": first["members"],
        "database": first["database"],
        "impl": first["impl"],
        "runs": len(runs),
        "interactions": first["interactions"],
        "attendance": first["attendance"],
        "load_s": median("load_s"),
        "load_s_all": [round(run["load_s"], 2) for run in runs],
        "interactions_s": median("interactions_s"),
        "attendance_s": median("attendance_s"),
        "rest_s": median("rest_s"),
        "interaction_rows_per_s": first["interactions"] / median("interactions_s"),
        "load_interactions_per_s": first["interactions"] / median("load_s"),
        "rss_before_load_mib": max(run["rss_before_load_mib"] for run in runs),
        "peak_rss_mib": max(run["peak_rss_mib"] for run in runs),
    }


def measure(
    databases: list[str], runs: int, large_runs: int, small: int = SMALL, large: int = LARGE
) -> list[dict]:
    raw: dict[tuple[int, str, str], list[dict]] = {}
    for _ in range(runs):  # interleaved: ours, old, ours, old… on each database
        for database in databases:
            for impl in ("ours", "old"):
                raw.setdefault((small, database, impl), []).append(run_child(small, database, impl))
    for _ in range(large_runs):
        for database in databases:
            raw.setdefault((large, database, "ours"), []).append(run_child(large, database, "ours"))
    rows = [summarise(runs) for runs in raw.values()]
    for row in rows:
        old = raw.get((row["members"], row["database"], "old"))
        if row["impl"] == "ours" and old:
            row["old_over_ours_load"] = statistics.median(r["load_s"] for r in old) / row["load_s"]
            row["old_over_ours_interactions"] = (
                statistics.median(r["interactions_s"] for r in old) / row["interactions_s"]
            )
        if row["members"] == LARGE:
            row["target_s"] = TARGET_SECONDS
    return rows


HEADER = (
    f"{'members':>8} {'database':<10} {'impl':<4} {'runs':>4} {'interactions':>12} "
    f"{'load s':>8} {'inter. s':>8} {'rows/s':>8} {'attend. s':>9} {'other s':>8} "
    f"{'peak MiB':>8} {'old/ours':>8}"
)


def print_row(row: dict) -> None:
    ratio = row.get("old_over_ours_load")
    print(
        f"{row['members']:>8,} {row['database']:<10} {row['impl']:<4} {row['runs']:>4} "
        f"{row['interactions']:>12,} {row['load_s']:>8.2f} {row['interactions_s']:>8.2f} "
        f"{row['interaction_rows_per_s']:>8,.0f} {row['attendance_s']:>9.2f} "
        f"{row['rest_s']:>8.2f} {row['peak_rss_mib']:>8.0f} "
        f"{f'{ratio:.2f}' if ratio else '':>8}"
    )


def machine() -> dict:
    import sqlite3

    import django
    import numpy
    import polars
    import psycopg

    cpu = cpu_model()
    server = "unavailable"
    try:
        with psycopg.connect(f"{PG_SERVER}/postgres") as admin:
            row = admin.execute("SHOW server_version").fetchone()
            server = row[0] if row else server
    except psycopg.OperationalError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "django": django.__version__,
        "polars": polars.__version__,
        "numpy": numpy.__version__,
        "psycopg": psycopg.__version__,
        "sqlite": sqlite3.sqlite_version,
        "postgresql": server,
        "load_average_at_start": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each at 10k (default 3)")
    parser.add_argument("--large-runs", type=int, default=1, help="runs at 100k (default 1)")
    parser.add_argument(
        "--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"]
    )
    parser.add_argument("--small", type=int, default=SMALL, help="members, interleaved size")
    parser.add_argument("--large", type=int, default=LARGE, help="members, ours only")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        members, database, impl = args.child
        print(json.dumps(child_load(int(members), database, impl)))
        return

    info = machine()
    print(
        f"network_load_synthetic — {info['nproc']} cores, {info['cpu']}; Python "
        f"{info['python']}, Django {info['django']}, Polars {info['polars']}, psycopg "
        f"{info['psycopg']}, SQLite {info['sqlite']}, PostgreSQL {info['postgresql']}"
    )
    print("fresh subprocess and database per run; ours and old interleaved at 10k")
    rows = measure(args.databases, args.runs, args.large_runs, args.small, args.large)
    print(
        "\nmedians; rows/s = interactions / time in the interactions insert (on PostgreSQL the "
        "old path defers its foreign-key checks to the commit, counted in load s only)"
    )
    print(HEADER)
    for row in rows:
        print_row(row)
    report = {
        "benchmark": "network_load_synthetic into a fresh database",
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": info,
        "seed": SEED,
        "until": UNTIL.isoformat(),
        "reference": "the executemany loader before the bulk path, interleaved, 10k members only",
        "target": {"members": LARGE, "seconds": TARGET_SECONDS, "source": "the issue"},
        "results": rows,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwritten {args.out}")


if __name__ == "__main__":
    main()
