"""Benchmark of `netweave import`: 1,000,000 interaction rows from a Dutch Excel CSV.

Target from issue 11: 1,000,000 interaction rows in at most 60 s, on SQLite and on PostgreSQL.

What is timed: :func:`netweave.interop.importing.service.import_file` on a CSV of 1M rows as
Dutch Excel writes it (Windows-1252, ``;``, ``dd-mm-jjjj``, Dutch kinds, a note per row): the
encoding check, parsing, every column check, matching e-mails to members, import keys, the
look-up of keys already there, the insert and the commit.

Named reference, run interleaved in the same way (ours, reference, ours, reference…): the bare
bulk insert of the same 1M rows, already as database values, through
:func:`netweave.interop.bulk.insert_frame` (COPY on PostgreSQL, batched executemany on SQLite;
a load this large sets the table's indexes aside and makes them again, as the import's does) —
the floor any import of these rows has to pay. The ratio says what reading and checking a file
costs on top of writing it.

Every run is a fresh subprocess with a fresh database (a new SQLite file; PostgreSQL database
``bench_interop`` created before and dropped after), with a generated network of 2,000 members
loaded and the CSV written before the clock starts. Peak memory is the child's VmHWM.

Beside the wall-clock time, each run reports the CPU time it used: the child's own and, on
PostgreSQL, that of its server process (read from ``/proc``; the workers of a parallel index
build are not counted). On a shared machine the wall clock says mostly how busy the machine was;
the CPU time is what the import itself needed, and on a quiet machine the wall clock comes close
to it (plus the disk's waits).

    .venv/bin/python benchmarks/import.py                          # 5 interleaved pairs per db
    .venv/bin/python benchmarks/import.py --runs 1 --databases sqlite
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
from datetime import date, timedelta
from pathlib import Path

from machine import cpu_model, cpu_seconds, peak_rss_mib

RESULTS = Path(__file__).parent / "results" / "import.json"
ROWS = 1_000_000
MEMBERS = 2_000
UNTIL = date(2026, 6, 30)
TARGET_SECONDS = 60.0
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
PG_DATABASE = "bench_interop"
KINDS_NL = ("Ontmoeting", "Hulp", "Samenwerking", "Evenement", "Introductie")


def child(database: str, impl: str, rows: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="netweave-bench-import-") as folder:
        if database == "sqlite":
            os.environ["NETWEAVE_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        else:
            os.environ["NETWEAVE_DATABASE_URL"] = f"{PG_SERVER}/{PG_DATABASE}"
        # The settings `netweave import` runs with (netweave.settings.local): the refreshes an
        # import sets off (suggested introductions, the map) are queued for the workers, as in
        # an installation, not run inside the timed import as the test settings' immediate
        # task backend would.
        os.environ["NETWEAVE_HOME"] = folder
        os.environ["DJANGO_SETTINGS_MODULE"] = "netweave.settings.local"
        import django

        django.setup()
        import numpy as np
        import polars as pl
        from django.core.management import call_command
        from django.db import connection, transaction

        from netweave import synth
        from netweave.interop.bulk import insert_frame
        from netweave.interop.importing.columns import ImportKind
        from netweave.interop.importing.service import import_file
        from netweave.interop.synthetic import network_load_synthetic
        from netweave.ledger.models import Interaction
        from netweave.networks.models import Person
        from netweave.progress import no_progress

        call_command("migrate", verbosity=0)
        generated = synth.generate(synth.SynthConfig(members=MEMBERS, years=1, until=UNTIL, seed=1))
        network = network_load_synthetic(synthetic=generated, slug="bench")
        people = list(Person.objects.filter(network=network).values_list("pk", "email"))
        server = _server_pid(connection)
        before = Interaction.objects.filter(network=network).count()
        generator = np.random.default_rng(1)
        a = generator.integers(0, len(people), rows)
        b = (a + generator.integers(1, len(people), rows)) % len(people)
        days = generator.integers(0, 365, rows)
        kinds = generator.integers(0, len(KINDS_NL), rows)
        started_on = UNTIL - timedelta(days=365)
        if impl == "ours":
            path = Path(folder) / "contacten.csv"
            frame = pl.DataFrame(
                {
                    "Datum": [
                        (started_on + timedelta(days=int(d))).strftime("%d-%m-%Y") for d in days
                    ],
                    "Van": [people[i][1] for i in a],
                    "Naar": [people[i][1] for i in b],
                    "Soort": [KINDS_NL[k] for k in kinds],
                    "Notitie": [f"gesprek {n} over de wijk, café" for n in range(rows)],
                }
            )
            path.write_bytes(frame.write_csv(separator=";").encode("cp1252"))
            size = path.stat().st_size
            cpu = _cpu(server)
            started = time.perf_counter()
            result = import_file(
                path=path, network_slug="bench", kind=ImportKind.INTERACTIONS, today=UNTIL
            )
            elapsed = time.perf_counter() - started
            assert result.created == {"interactions": rows}, result.created
        else:
            size = 0
            cpu = _cpu(server)
            pks = np.array([pk for pk, _ in people], dtype=np.int64)
            frame = pl.DataFrame(
                {
                    "network": pl.Series([network.pk] * rows, dtype=pl.Int64),
                    "occurred_on": pl.Series([started_on + timedelta(days=int(d)) for d in days]),
                    "kind": pl.Series(["meeting", "help", "joint_work", "event", "introduction"])[
                        kinds
                    ],
                    "person_a": pks[a],
                    "person_b": pks[b],
                    "source": pl.Series(["imported"] * rows),
                    "note": [f"gesprek {n} over de wijk, café" for n in range(rows)],
                    "import_key": [f"row:{n:040d}#0" for n in range(rows)],
                }
            )
            started = time.perf_counter()
            with transaction.atomic():
                insert_frame(Interaction, frame, progress=no_progress)
            elapsed = time.perf_counter() - started
        cpu = _cpu(server) - cpu
        stored = Interaction.objects.filter(network=network).count() - before
        assert stored == rows, stored
        connection.close()
        return {"database": database, "impl": impl, "rows": rows, "csv_bytes": size,
                "seconds": elapsed, "cpu_seconds": cpu, "peak_rss_mib": peak_rss_mib()}  # fmt: skip


def _server_pid(connection) -> int | None:
    """The PostgreSQL server process of this connection (on this machine); None for SQLite."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _cpu(server: int | None) -> float:
    """CPU seconds used so far by this process and its database server process, if any."""
    return cpu_seconds() + (cpu_seconds(server) if server else 0.0)


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def run(database: str, impl: str, rows: int) -> dict:
    if database == "postgresql":
        _pg(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        _pg(f"CREATE DATABASE {PG_DATABASE}")
    try:
        output = subprocess.run(
            [sys.executable, __file__, "--child", database, impl, str(rows)],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    finally:
        if database == "postgresql":
            _pg(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
    return json.loads(output.strip().splitlines()[-1])


def _median(results: list[dict], database: str, impl: str, key: str) -> float:
    return statistics.median(
        r[key] for r in results if r["database"] == database and r["impl"] == impl
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--child", nargs=3, metavar=("DATABASE", "IMPL", "ROWS"))
    options = parser.parse_args()
    if options.child:
        database, impl, rows = options.child
        print(json.dumps(child(database, impl, int(rows))))
        return
    load = os.getloadavg()
    results = []
    for database in options.databases:
        for number in range(options.runs):
            for impl in ("ours", "reference"):
                result = run(database, impl, options.rows)
                results.append(result)
                print(f"{database:10} {impl:9} run {number + 1}: {result['seconds']:6.1f} s, "
                      f"CPU {result['cpu_seconds']:6.1f} s, {result['peak_rss_mib']:6.0f} MiB",
                      flush=True)  # fmt: skip
    summary = {}
    for database in options.databases:
        ours = _median(results, database, "ours", "seconds")
        reference = _median(results, database, "reference", "seconds")
        summary[database] = {
            "import_median_s": ours,
            "import_cpu_median_s": _median(results, database, "ours", "cpu_seconds"),
            "bare_insert_median_s": reference,
            "bare_insert_cpu_median_s": _median(results, database, "reference", "cpu_seconds"),
            "ratio": ours / reference,
            "within_target": ours <= TARGET_SECONDS,
            "peak_rss_mib": max(
                r["peak_rss_mib"]
                for r in results
                if r["database"] == database and r["impl"] == "ours"
            ),
        }
        print(f"{database}: import {ours:.1f} s (median of {options.runs}; CPU "
              f"{summary[database]['import_cpu_median_s']:.1f} s), bare insert {reference:.1f} s "
              f"(CPU {summary[database]['bare_insert_cpu_median_s']:.1f} s), ratio "
              f"{summary[database]['ratio']:.2f}; target {TARGET_SECONDS:.0f} s")  # fmt: skip
    RESULTS.write_text(
        json.dumps(
            {
                "command": " ".join(["python", *sys.argv]),
                "rows": options.rows,
                "runs": options.runs,
                "load_average_before": load,
                "load_average_after": os.getloadavg(),
                "machine": {
                    "nproc": os.cpu_count(),
                    "cpu": cpu_model(),
                    "python": platform.python_version(),
                },
                "summary": summary,
                "runs_detail": results,
            },
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
