"""Benchmark of the readers that hand a network's rows to Polars (issue 13: "selectors hand
database rows to Polars without building model instances; choose the reader by measurement").

One generated network (seed 2026, until 2026-11-23, three years) is loaded once (not timed) into
SQLite (``--home``/netweave.sqlite3) or PostgreSQL (``--database-url``); then, interleaved,
``--runs`` times each:

- the interactions query as ``network_tables`` compiles it, through netweave's readers,
  ``rows`` (Django's cursor, ``fetchall`` → ``pl.DataFrame(orient="row")``) and ``columnar``
  (on PostgreSQL ADBC on a connection of its own → ``pl.DataFrame(cursor.fetch_arrow())``; on
  SQLite the process reader, whose plain call is the rows reader again), each with the model's
  default order (newest first) and in no order; on SQLite the process reader's started read
  (``FrameReader.start``: ADBC's SQLite driver in a process of its own, Arrow IPC back); and
  for comparison only, when installed, ADBC's SQLite driver in this process and
  ``connectorx`` (which takes no bound parameters: the network id is written into the SQL
  here, as netweave does not do);
- the whole ``network_tables`` through each of netweave's two readers.

Figures are this process's CPU seconds (all threads; ``time.process_time``) — the machine is
shared —, the CPU seconds of the child processes it waited for (SQLite's reading process;
``RUSAGE_CHILDREN``), PostgreSQL's server CPU (``/proc/<backend pid>``, same machine), wall
seconds, and the load average beside each. Medians of ``--runs``.

    PYTHONPATH=src .venv/bin/python benchmarks/readers.py --home /tmp/readers
    PYTHONPATH=src .venv/bin/python benchmarks/readers.py --home /tmp/readers-pg \\
        --database-url postgres://postgres@127.0.0.1:5432/readers
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

UNTIL = date(2026, 11, 23)
SEED = 2026


def _django(home: Path, url: str | None) -> None:
    home.mkdir(parents=True, exist_ok=True)
    os.environ["NETWEAVE_HOME"] = str(home)
    os.environ["DJANGO_SETTINGS_MODULE"] = "netweave.settings.local"
    if url:
        os.environ["NETWEAVE_DATABASE_URL"] = url
    else:
        os.environ.pop("NETWEAVE_DATABASE_URL", None)
    import django

    django.setup()


def _network(members: int, slug: str) -> Any:
    from django.core.management import call_command

    from netweave import synth
    from netweave.interop.synthetic import network_load_synthetic
    from netweave.networks.models import Network

    call_command("migrate", verbosity=0)
    found = Network.objects.filter(slug=slug).first()
    if found is not None:
        return found
    config = synth.SynthConfig(members=members, years=3, until=UNTIL, seed=SEED)
    return network_load_synthetic(synthetic=synth.generate(config), slug=slug)


def _backend_cpu(pid: int | None) -> float:
    """CPU seconds of PostgreSQL backend ``pid`` so far (0 for SQLite, which has none)."""
    if pid is None:
        return 0.0
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    """CPU seconds of the child processes waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--database-url")
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--slug", help="a network generated so already (benchmarks/report.py)")
    args = parser.parse_args()
    _django(args.home, args.database_url)

    import polars as pl
    from django.db import connection
    from django.db.models import CharField, F
    from django.db.models.functions import Cast

    from netweave.insights.tables import SCHEMAS
    from netweave.ledger.models import Interaction
    from netweave.reports import reading
    from netweave.reports.selectors import _frame, _frame_started, _named, network_tables

    network = _network(args.members, args.slug or f"readers-{args.members}")
    schema = {k: v for k, v in SCHEMAS["interactions"].items() if k != "weight"}
    fields = _named(
        schema, ("person_a", "person_b", "occurred_on", "kind", "directed", "purpose", "source")
    )
    postgres = connection.vendor == "postgresql"

    def backend(cursor: Any) -> int | None:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])

    def via(columnar: bool, ordered: bool) -> Callable[[], tuple[pl.DataFrame, float]]:
        """The interactions through one of netweave's readers, and the server's CPU for it."""

        def read() -> tuple[pl.DataFrame, float]:
            queryset = Interaction.objects.filter(network=network)
            with reading.frame_reader("default", columnar=columnar) as reader:
                pid = None
                if postgres:
                    if isinstance(reader, reading._Columnar):
                        with reader.adbc.cursor() as cursor:
                            pid = backend(cursor)
                    else:
                        with connection.cursor() as cursor:
                            pid = backend(cursor)
                server = _backend_cpu(pid)
                frame = _frame(queryset if ordered else queryset.order_by(), fields, schema, reader)
                return frame, _backend_cpu(pid) - server

        return read

    def started() -> tuple[pl.DataFrame, float]:
        """The interactions as ``network_tables`` reads them: begun, then asked for."""
        queryset = Interaction.objects.filter(network=network).order_by()
        with reading.frame_reader("default") as reader:
            return _frame_started(queryset, fields, schema, reader)(), float("nan")

    def connectorx(ordered: bool) -> Callable[[], tuple[pl.DataFrame, float]]:
        """connectorx binds no parameters: the network id is written into the SQL here (an
        integer; measurement only). Its server CPU is not seen (connections of its own)."""

        def read() -> tuple[pl.DataFrame, float]:
            import connectorx as cx

            queryset = Interaction.objects.filter(network=network)
            queryset = queryset if ordered else queryset.order_by()
            columns = {
                f"c{i}": Cast(path, CharField()) if not postgres and name == "on" else F(path)
                for i, (name, path) in enumerate(fields.items())
            }
            sql, params = queryset.values(**columns).query.get_compiler("default").as_sql()
            sql = sql.replace("%s", str(int(params[0])))
            settings = connection.settings_dict
            uri = (
                f"postgresql://{settings['USER']}@{settings['HOST']}:{settings['PORT']}"
                f"/{settings['NAME']}"
                if postgres
                else f"sqlite://{settings['NAME']}"
            )
            frame = cx.read_sql(uri, sql, return_type="polars")
            return reading._typed(frame, list(fields), schema), float("nan")

        return read

    def adbc_sqlite() -> tuple[pl.DataFrame, float]:
        """ADBC's SQLite driver in this process, which netweave does not do: it carries its own
        copy of SQLite, whose locks and Django's do not see each other in one process
        (``netweave.reports.reading``)."""
        import adbc_driver_sqlite.dbapi

        sql, params = (
            Interaction.objects.filter(network=network)
            .order_by()
            .values(
                **{
                    f"c{i}": Cast(path, CharField()) if name == "on" else F(path)
                    for i, (name, path) in enumerate(fields.items())
                }
            )
            .query.get_compiler("default")
            .as_sql()
        )
        path = str(connection.settings_dict["NAME"])
        with adbc_driver_sqlite.dbapi.connect(path) as adbc, adbc.cursor() as cursor:
            # Types are inferred from the first batch: one batch for all the rows.
            cursor.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": "2147483646"})
            cursor.execute(sql.replace("%s", "?"), list(params))
            frame = pl.DataFrame(cursor.fetch_arrow())
        return reading._typed(frame, list(fields), schema), float("nan")

    def whole(columnar: bool) -> Callable[[], tuple[pl.DataFrame, float]]:
        def read() -> tuple[pl.DataFrame, float]:
            return network_tables(network, columnar=columnar).interactions, float("nan")

        return read

    candidates = {
        "interactions rows, ordered": via(False, True),
        "interactions columnar, ordered": via(True, True),
        "interactions rows, no order": via(False, False),
        "interactions columnar, no order": via(True, False),
    }
    if not postgres:
        candidates["interactions process reader, no order"] = started
    if not postgres and importlib.util.find_spec("adbc_driver_sqlite"):
        candidates["interactions ADBC SQLite here, no order"] = adbc_sqlite
    if importlib.util.find_spec("connectorx"):
        candidates["interactions connectorx, no order"] = connectorx(False)
    candidates["network_tables rows"] = whole(False)
    candidates["network_tables columnar"] = whole(True)

    reference = via(False, True)()[0].sort(list(schema))
    samples: dict[str, list[tuple[float, float, float, float, float]]] = {k: [] for k in candidates}
    for _ in range(args.runs):
        for name, read in candidates.items():
            cpu, child, wall = time.process_time(), _children_cpu(), time.perf_counter()
            frame, server = read()
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            child = _children_cpu() - child
            samples[name].append((cpu, child, server, wall, os.getloadavg()[0]))
            # network_tables adds the weight column; the rest must equal the rows reader's.
            assert frame.select(list(schema)).sort(list(schema)).equals(reference), name
    print(f"{connection.vendor}, {args.members:,} members, {reference.height:,} interactions")
    print(
        f"{'reader (median of ' + str(args.runs) + ')':44s} {'CPU s':>6s} {'child':>6s} "
        f"{'server':>7s} {'wall s':>7s}  load"
    )
    for name, rows in samples.items():
        cpu, child, server, wall, load = (
            statistics.median(column) for column in zip(*rows, strict=True)
        )
        served = f"{server:7.2f}" if postgres and server == server else "      –"
        print(f"{name:44s} {cpu:6.2f} {child:6.2f} {served} {wall:7.2f}  {load:.1f}")


if __name__ == "__main__":
    main()
