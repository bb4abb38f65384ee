"""The `netweave` command: thin — parses options, calls services, shows progress.

Django is set up lazily, per command, so that `netweave --help` and `netweave generate --parquet`
stay fast and work without a database.
"""

from __future__ import annotations

import os
import sys
from datetime import date, datetime
from pathlib import Path

import click

from netweave.progress import ProgressBar

DEMO_ADDRESS = "127.0.0.1:8000"


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netweave.settings.local")
    import django

    django.setup()


def _call(command: str, *args: str) -> None:
    from django.core.management import call_command

    call_command(command, *args)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="netweave")
def main() -> None:
    """netweave keeps professional networks alive.

    Data lives in NETWEAVE_HOME (default ~/.local/share/netweave) in SQLite, or in the database
    named by NETWEAVE_DATABASE_URL (for example postgres://user@host/netweave).
    """


@main.command()
def migrate() -> None:
    """Create or update the database tables."""
    _setup_django()
    _call("migrate", "--verbosity", "0")
    click.echo("Database is up to date.")


@main.command()
@click.option("--members", type=click.IntRange(min=2), default=150, show_default=True)
@click.option("--years", type=click.IntRange(min=1, max=20), default=3, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--until",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Last day of generated life (default: today).",
)
@click.option(
    "--parquet",
    "parquet_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write Parquet files to this folder instead of the database.",
)
@click.option(
    "--slug", default=None, help="Slug of the network in the database (default: generated)."
)
def generate(
    members: int,
    years: int,
    seed: int,
    until: datetime | None,
    parquet_dir: Path | None,
    slug: str | None,
) -> None:
    """Generate a realistic network: organisations, people and years of interactions."""
    from netweave import synth

    last_day = until.date() if until is not None else date.today()  # noqa: DTZ011 - a calendar day
    config = synth.SynthConfig(members=members, years=years, until=last_day, seed=seed)
    click.echo(f"Generating {members} members over {years} years (seed {seed})…")
    network = synth.generate(config)
    interactions = network.tables.interactions.height
    if parquet_dir is not None:
        synth.write_parquet(network, parquet_dir)
        click.echo(f"Wrote {interactions} interactions to {parquet_dir}.")
        return
    _setup_django()
    from netweave.interop.synthetic import network_load_synthetic

    _call("migrate", "--verbosity", "0")
    with ProgressBar("Writing to the database") as bar:
        saved = network_load_synthetic(synthetic=network, slug=slug, progress=bar.update)
    click.echo(
        f"Network '{saved.name}' ({saved.slug}): {members} members, {interactions} interactions."
    )


@main.command()
@click.option("--no-serve", is_flag=True, help="Prepare everything, then exit instead of serving.")
@click.option("--address", default=DEMO_ADDRESS, show_default=True, help="Where to serve.")
def demo(no_serve: bool, address: str) -> None:
    """Set up a demo network (once), print the steward's login and serve the web app."""
    _setup_django()
    from netweave.interop import demo as demo_setup

    _call("migrate", "--verbosity", "0")
    with ProgressBar("Preparing the demo network") as bar:
        result = demo_setup.demo_prepare(today=date.today(), progress=bar.update)  # noqa: DTZ011
    state = "created" if result.created else "already there"
    click.echo(f"Demo network '{result.network.name}' {state}: {result.members} members.")
    click.echo(f"Log in as steward: user '{result.username}', password '{result.password}'.")
    last_year = date.today().year - 1  # noqa: DTZ011 - a calendar year
    with ProgressBar("Writing the annual report") as bar:
        paths = demo_setup.demo_reports(network=result.network, year=last_year, progress=bar.update)
    for path in paths:
        click.echo(f"Annual report: {path}")
    if no_serve:
        return
    click.echo(f"Serving on http://{address}/ — press Ctrl+C to stop.")
    _serve(address, with_worker=True)


@main.command()
@click.option("--network", "slug", required=True, help="Slug of the network.")
@click.option(
    "--year", type=int, default=None, help="Calendar year of the report (default: last year)."
)
@click.option(
    "--lang", "language", type=click.Choice(["nl", "en"]), default="nl", show_default=True
)
@click.option(
    "--format", "fmt", type=click.Choice(["html", "pdf"]), default="pdf", show_default=True
)
@click.option(
    "--pseudonymise",
    is_flag=True,
    help="Public edition: people are shown by role and organisation, nobody is named.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: NETWEAVE_HOME/reports/<network>/…).",
)
def report(
    slug: str, year: int | None, language: str, fmt: str, pseudonymise: bool, out: Path | None
) -> None:
    """Write the network annual report (netwerkjaarverslag) of one year as HTML or PDF.

    Without --pseudonymise, people who did not consent to be named are still shown by role and
    organisation.
    """
    _setup_django()
    from netweave.networks.models import Network
    from netweave.reports.services import ReportError, report_generate

    _call("migrate", "--verbosity", "0")
    network = Network.objects.filter(slug=slug).first()
    if network is None:
        raise click.BadParameter(f"no network with slug '{slug}'", param_hint="'--network'")
    chosen_year = year if year is not None else date.today().year - 1  # noqa: DTZ011
    try:
        with ProgressBar("Writing the annual report") as bar:
            path = report_generate(
                network=network,
                year=chosen_year,
                language=language,
                fmt=fmt,
                pseudonymise=pseudonymise,
                out=out,
                progress=bar.update,
            )
    except ReportError as error:
        hint = f"'{error.option}'" if error.option else None
        raise click.BadParameter(str(error), param_hint=hint) from None
    click.echo(f"Wrote {path}")


IMPORT_KINDS = ["members", "organisations", "interactions", "asks", "offers", "calendar", "network"]
PROBLEMS_SHOWN = 100


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--network", "slug", required=True, help="Slug of the network (new for a JSON).")
@click.option(
    "--kind",
    type=click.Choice(IMPORT_KINDS),
    default=None,
    help="What the file holds; may be left out for .ics (calendar) and .json (network).",
)
@click.option("--dry-run", is_flag=True, help="Check and count, then write nothing.")
@click.option(
    "--map",
    "mappings",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Read the column COLUMN as FIELD (e.g. --map 'Mailadres=email'); may be repeated.",
)
@click.option(
    "--problems",
    "problems_out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"Write every problem to this CSV file (the terminal shows the first {PROBLEMS_SHOWN}).",
)
def import_(
    file: Path,
    slug: str,
    kind: str | None,
    dry_run: bool,
    mappings: tuple[str, ...],
    problems_out: Path | None,
) -> None:
    """Import FILE (CSV, XLSX, iCalendar or netweave JSON) into a network, all or nothing.

    Headers and values may be Dutch or English (Naam, E-mail, Organisatie, Sector, Thema's,
    Vraag, Aanbod; Datum, Van, Naar, Soort, Notitie). A file with any problem imports nothing;
    every problem is listed with its row and column. Importing the same file twice changes
    nothing the second time.
    """
    mapping = dict(_mapping(item) for item in mappings)
    _setup_django()
    from netweave.interop.importing.columns import ImportKind
    from netweave.interop.importing.problems import ImportRefused
    from netweave.interop.importing.service import import_file

    _call("migrate", "--verbosity", "0")
    try:
        with ProgressBar(f"Importing {file.name}") as bar:
            result = import_file(
                path=file,
                network_slug=slug,
                kind=ImportKind(kind) if kind else None,
                mapping=mapping,
                dry_run=dry_run,
                today=date.today(),  # noqa: DTZ011 - a calendar day
                progress=bar.update,
            )
    except ImportRefused as refused:
        for problem in refused.problems[:PROBLEMS_SHOWN]:
            click.echo(str(problem), err=True)
        hidden = len(refused.problems) - PROBLEMS_SHOWN
        if hidden > 0:
            click.echo(f"… and {hidden} more (--problems FILE lists them all).", err=True)
        if problems_out is not None:
            _write_problems(problems_out, refused.problems)
        raise click.ClickException(str(refused)) from None
    click.echo(f"Read {result.file} as {result.encoding}.")
    if result.ignored_columns:
        click.echo("Columns not imported: " + ", ".join(result.ignored_columns))
    for notice in result.notices:
        click.echo(notice)
    verb = "Would import" if dry_run else "Imported"
    for label, counts in (("new", result.created), ("updated", result.updated)):
        for table, count in sorted(counts.items()):
            if count:
                click.echo(f"{verb}: {count} {label} {table}.")
    for table, count in sorted(result.unchanged.items()):
        if count:
            click.echo(f"Already there, unchanged: {count} {table}.")
    if not result.changed:
        click.echo("Nothing changed.")


EXPORT_FORMATS = ["csv", "xlsx", "gexf", "graphml", "json", "kumu"]


@main.command()
@click.option("--network", "slug", required=True, help="Slug of the network.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    required=True,
    help="csv: a zip with one CSV per table; xlsx: one sheet per table; gexf, graphml: the "
    "network of a year for Gephi and others; kumu: Kumu's elements and connections; json: the "
    "whole network, for `netweave import`.",
)
@click.option(
    "--year",
    type=int,
    default=None,
    help="Graphs: the year (default: last year). csv/xlsx: only that year's interactions.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export(slug: str, fmt: str, year: int | None, out: Path) -> None:
    """Export a network as spreadsheets, a graph file or netweave JSON."""
    _setup_django()
    from netweave.interop.exporting.service import ExportFormat, network_export
    from netweave.networks.models import Network

    _call("migrate", "--verbosity", "0")
    network = Network.objects.filter(slug=slug).first()
    if network is None:
        raise click.BadParameter(f"no network with slug '{slug}'", param_hint="'--network'")
    network_export(
        network=network,
        fmt=ExportFormat(fmt),
        out=out,
        year=year,
        today=date.today(),  # noqa: DTZ011 - a calendar day
    )
    click.echo(f"Wrote {out}")


def _mapping(item: str) -> tuple[str, str]:
    column, separator, field = item.partition("=")
    if not separator or not column.strip() or not field.strip():
        raise click.BadParameter(f"'{item}' is not COLUMN=FIELD", param_hint="'--map'")
    return column.strip(), field.strip()


def _write_problems(path: Path, problems: list) -> None:
    import csv

    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["file", "row", "column", "reason"])
        writer.writerows((p.file, p.row, p.column, p.reason) for p in problems)


def _address(ctx: click.Context, param: click.Parameter, value: str) -> str:
    host, separator, port = value.rpartition(":")
    if not separator or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise click.BadParameter(
            f"'{value}' is not HOST:PORT (for example 127.0.0.1:8000 or 0.0.0.0:80)"
        )
    return value


@main.command()
@click.option(
    "--address",
    default=DEMO_ADDRESS,
    show_default=True,
    callback=_address,
    help="HOST:PORT to listen on.",
)
@click.option(
    "--worker/--no-worker",
    "with_worker",
    default=True,
    show_default=True,
    help="Also run background workers, so that reports requested on the web get made.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1, max=64),
    default=1,
    show_default=True,
    help="How many background workers (with --worker).",
)
@click.option(
    "--processes",
    type=click.IntRange(min=1, max=64),
    default=2,
    show_default=True,
    help="Web server processes (one per core is a good start).",
)
@click.option(
    "--threads",
    type=click.IntRange(min=1, max=256),
    default=4,
    show_default=True,
    help="Threads per web server process.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks in the browser (never in production).")
def serve(
    address: str, with_worker: bool, workers: int, processes: int, threads: int, debug: bool
) -> None:
    """Serve the web app: a multi-process web server (gunicorn) and supervised workers.

    Static files are collected into NETWEAVE_HOME/static and served by the app. A worker that
    dies is restarted; one Ctrl+C or SIGTERM stops the server and every worker. Logs go to
    stderr and NETWEAVE_HOME/logs/netweave.log. See docs/server.md.
    """
    os.environ["NETWEAVE_DEBUG"] = "1" if debug else "0"
    _setup_django()
    _call("migrate", "--verbosity", "0")
    _serve(
        address,
        with_worker=with_worker,
        workers=workers,
        processes=processes,
        threads=threads,
        debug=debug,
    )


def _serve(
    address: str,
    *,
    with_worker: bool,
    workers: int = 1,
    processes: int = 2,
    threads: int = 4,
    debug: bool = False,
) -> None:
    """Collect static files, then serve on ``address`` until stopped (Django is set up)."""
    from django.conf import settings

    from netweave import serving

    host, _, port = address.rpartition(":")
    host = host.strip("[]")
    # Checked before anything starts, so that a port in use leaves no worker behind.
    if serving.address_in_use(host, int(port)):
        raise click.ClickException(
            f"{address} is already in use: stop what listens there or choose --address."
        )
    _call("collectstatic", "--noinput", "--verbosity", "0")
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"],
        "NETWEAVE_DEBUG": "1" if debug else "0",
        "NETWEAVE_HOME": str(settings.NETWEAVE_HOME),
    }
    supervisor = serving.Supervisor(
        serving.web_command(host, int(port), processes=processes, threads=threads),
        workers=workers if with_worker else 0,
        environment=environment,
    )
    status = supervisor.run()
    if status:
        raise click.ClickException("the web server stopped; see the log above.")


@main.command()
@click.option("--batch", is_flag=True, help="Run the queued tasks, then exit.")
def worker(batch: bool) -> None:
    """Run background tasks (such as reports asked for on the web) from the database queue.

    Waits out a locked or unreachable database (logged, with growing pauses); marks report runs
    whose worker died as failed. One Ctrl+C or SIGTERM: finish the task at hand, then stop.
    """
    _setup_django()
    from netweave.worker import worker_run

    worker_run(batch=batch)


@main.command()
def tick() -> None:
    """Do what is due now: occurrences, invitations, reminders, rounds (safe from cron).

    Takes a lock (a second tick at the same time does nothing) and never sends anything twice.
    Exits with status 1 when a job failed; the next tick retries it.
    """
    _setup_django()
    from django.utils import timezone

    from netweave import tick as ticks

    result = ticks.tick(timezone.now())
    if not result.ran:
        click.echo("Another tick is running; nothing done.")
        return
    for name, count in result.done.items():
        click.echo(f"{name}: {count}")
    for name in result.failed:
        click.echo(f"{name}: failed (see the log)", err=True)
    if result.failed:
        sys.exit(1)


@main.command(context_settings={"ignore_unknown_options": True, "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command (for operators), e.g. `netweave manage createsuperuser`."""
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["netweave manage", *args])
