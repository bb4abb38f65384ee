"""The `netweave` command: thin — parses options, calls services, shows progress.

Django is set up lazily, per command, so that `netweave --help` and `netweave generate --parquet`
stay fast and work without a database.

A user's mistake ends a command with status 2 and a message saying what is allowed (click's
usage error), before any work starts where possible. An unexpected error is a bug: it is shown
as one line and its traceback goes to NETWEAVE_HOME/logs/cli-errors.log.
"""

from __future__ import annotations

import os
import sys
import traceback
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from netweave import serving
from netweave.cli_options import Address, Day, Language, Members, OutFile, OutFolder
from netweave.outfiles import OutFileError, out_file, out_file_failure
from netweave.progress import ProgressBar

DEMO_ADDRESS = "127.0.0.1:8000"


def _settings_name() -> None:
    """Name the settings module (unless the environment does), so options can read settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netweave.settings.local")


def _setup_django() -> None:
    _settings_name()
    import django

    django.setup()


def _call(command: str, *args: str) -> None:
    from django.core.management import call_command

    call_command(command, *args)


class _Commands(click.Group):
    """The command group: turns what escapes a command into a clear ending, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from django.core.exceptions import ImproperlyConfigured

        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except ImproperlyConfigured as error:  # an environment variable, not a bug
            raise click.ClickException(f"netweave is not configured right: {error}") from None
        except OutFileError as error:  # the place changed while writing
            raise click.ClickException(str(error)) from None
        except OSError as error:  # a full disk while writing, say
            raise click.ClickException(out_file_failure(error) or _bug_logged(error)) from None
        except Exception as error:
            raise click.ClickException(_bug_logged(error)) from None


def _bug_logged(error: Exception) -> str:
    """Keep the traceback of an unexpected error in the log; the one line to show instead."""
    from netweave.settings.environment import home

    summary = f"{type(error).__name__}: {error}".splitlines()[0][:300]
    log = home() / "logs" / "cli-errors.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            when = datetime.now().astimezone().isoformat(timespec="seconds")
            handle.write(f"--- {when} netweave {' '.join(sys.argv[1:])}\n")
            handle.write(traceback.format_exc())
    except OSError:
        return f"unexpected error ({summary}); the log could not be written to {log}"
    return f"unexpected error ({summary}); details in {log}"


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="netweave")
def main() -> None:
    """netweave keeps professional networks alive.

    Data lives in NETWEAVE_HOME (default ~/.local/share/netweave) in SQLite, or in the database
    named by NETWEAVE_DATABASE_URL (for example postgres://user@host/netweave).
    """
    _settings_name()  # before a command's options are parsed: --lang reads settings.LANGUAGES


def _network(slug: str, option: str = "--network") -> Any:
    """The network with ``slug``, or a usage error that lists the slugs there are."""
    from netweave.networks.models import Network

    network = Network.objects.filter(slug=slug).first()
    if network is None:
        slugs = list(Network.objects.order_by("slug").values_list("slug", flat=True)[:21])
        known = ", ".join(slugs[:20]) + (", …" if len(slugs) > 20 else "") if slugs else "none yet"
        raise click.BadParameter(
            f"no network with slug '{slug}'; networks here: {known}", param_hint=f"'{option}'"
        )
    return network


def _new_slug(slug: str, option: str) -> str:
    """``slug`` if it is a valid slug no network has yet, else a usage error."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_slug

    from netweave.networks.models import Network

    try:
        validate_slug(slug)
    except ValidationError:
        raise click.BadParameter(
            f"'{slug}' is not a slug: use letters, digits, '-' and '_' only",
            param_hint=f"'{option}'",
        ) from None
    if len(slug) > 100:
        raise click.BadParameter("a slug has at most 100 characters", param_hint=f"'{option}'")
    if Network.objects.filter(slug=slug).exists():
        raise click.BadParameter(
            f"a network with slug '{slug}' exists already; choose another", param_hint=f"'{option}'"
        )
    return slug


def _year_with_data(network: Any, year: int, option: str = "--year") -> int:
    """``year`` if ``network`` recorded interactions in it, else a usage error listing those."""
    from netweave.reports.selectors import network_has_year, network_report_years

    if not network_has_year(network, year):
        years = ", ".join(str(y) for y in network_report_years(network)) or "none"
        raise click.BadParameter(
            f"network '{network.slug}' has no interactions in {year}; years with data: {years}",
            param_hint=f"'{option}'",
        )
    return year


@main.command()
def migrate() -> None:
    """Create or update the database tables."""
    _setup_django()
    _call("migrate", "--verbosity", "0")
    click.echo("Database is up to date.")


MAX_MEMBERS = 100_000
FIRST_DAY, LAST_DAY = date(1971, 1, 1), date(2100, 12, 31)


@main.command()
@click.option(
    "--members",
    type=Members(MAX_MEMBERS),
    default=150,
    show_default=True,
)
@click.option("--years", type=click.IntRange(min=1, max=20), default=3, show_default=True)
@click.option("--seed", type=click.IntRange(min=0, max=2**32 - 1), default=1, show_default=True)
@click.option(
    "--until",
    type=Day(FIRST_DAY, LAST_DAY),
    default=None,
    help="Last day of generated life, YYYY-MM-DD (default: today).",
)
@click.option(
    "--parquet",
    "parquet_dir",
    type=OutFolder(),
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
    until: date | None,
    parquet_dir: Path | None,
    slug: str | None,
) -> None:
    """Generate a realistic network: organisations, people and years of interactions."""
    from netweave import synth

    if parquet_dir is None:
        _setup_django()
        _call("migrate", "--verbosity", "0")
        if slug is not None:
            _new_slug(slug, "--slug")
    last_day = until if until is not None else date.today()  # noqa: DTZ011 - a calendar day
    config = synth.SynthConfig(members=members, years=years, until=last_day, seed=seed)
    click.echo(f"Generating {members} members over {years} years (seed {seed})…")
    network = synth.generate(config)
    interactions = network.tables.interactions.height
    if parquet_dir is not None:
        synth.write_parquet(network, parquet_dir)
        click.echo(f"Wrote {interactions} interactions to {parquet_dir}.")
        return
    from netweave.interop.synthetic import network_load_synthetic

    chosen = slug or _new_slug(network.slug, "--slug")
    with ProgressBar("Writing to the database") as bar:
        saved = network_load_synthetic(synthetic=network, slug=chosen, progress=bar.update)
    click.echo(
        f"Network '{saved.name}' ({saved.slug}): {members} members, {interactions} interactions."
    )


@main.command()
@click.option("--no-serve", is_flag=True, help="Prepare everything, then exit instead of serving.")
@click.option(
    "--address", type=Address(), default=DEMO_ADDRESS, show_default=True, help="Where to serve."
)
def demo(no_serve: bool, address: str) -> None:
    """Set up a demo network (once), print the steward's login and serve the web app.

    The demo makes its own steward (of the demo network only) and, the first time, the
    installation's admin; it never changes an account it did not make. Two demos at once in one
    NETWEAVE_HOME take turns.
    """
    _setup_django()
    from django.utils import timezone

    from netweave.interop import demo as demo_setup

    def waiting() -> None:
        click.echo("Another `netweave demo` is preparing this installation; waiting for it…")

    last_year = date.today().year - 1  # noqa: DTZ011 - a calendar year
    with demo_setup.demo_lock(waiting=waiting):
        _call("migrate", "--verbosity", "0")
        with ProgressBar("Preparing the demo network") as bar:
            result = demo_setup.demo_prepare(now=timezone.now(), progress=bar.update)
        state = "created" if result.created else "already there"
        click.echo(
            f"Demo network '{result.network.name}' {state}: {result.members} members in "
            f"{last_year} (anyone who was a member on at least one day of it, as the report "
            "counts)."
        )
        steward = result.steward
        if steward.password is None:
            click.echo(f"Log in as steward: user '{steward.username}' (password changed since).")
        else:
            click.echo(
                f"Log in as steward: user '{steward.username}', password '{steward.password}'."
            )
        if result.admin is not None:
            click.echo(
                f"Installation admin (shown this once, note it now): user "
                f"'{result.admin.username}', password '{result.admin.password}'."
            )
        with ProgressBar("Writing the annual report") as bar:
            paths = demo_setup.demo_reports(
                network=result.network, year=last_year, progress=bar.update
            )
    for path in paths:
        click.echo(f"Annual report: {path}")
    if no_serve:
        return
    click.echo(f"Serving on http://{address}/ — press Ctrl+C to stop.")
    _serve(address, with_worker=True)


@main.command()
@click.option("--network", "slug", default=None, help="Slug of the network.")
@click.option(
    "--all",
    "every_network",
    is_flag=True,
    help="Queue the report of every network with data that year for the workers "
    "(`netweave worker`); a report already queued, running or done is not queued again.",
)
@click.option(
    "--year", type=int, default=None, help="Calendar year of the report (default: last year)."
)
@click.option("--lang", "language", type=Language(), default="nl", show_default=True)
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
    type=OutFile(),
    default=None,
    help="File to write (default: NETWEAVE_HOME/reports/<network>/…).",
)
def report(
    slug: str | None,
    every_network: bool,
    year: int | None,
    language: str,
    fmt: str,
    pseudonymise: bool,
    out: Path | None,
) -> None:
    """Write the network annual report (netwerkjaarverslag) of one year as HTML or PDF.

    Without --pseudonymise, people who did not consent to be named are still shown by role and
    organisation. With --all, the reports of every network are queued for the workers instead.
    """
    if every_network == (slug is not None):
        raise click.UsageError("give either --network SLUG or --all")
    if every_network and out is not None:
        raise click.BadParameter("--all writes one file per network: leave --out out")
    _setup_django()
    from netweave.reports.document import Audience
    from netweave.reports.services import ReportDiskFull, ReportError, report_generate

    _call("migrate", "--verbosity", "0")
    chosen_year = year if year is not None else date.today().year - 1  # noqa: DTZ011
    audience = Audience.PUBLIC if pseudonymise else Audience.NETWORK
    if every_network:
        from netweave.reports.batch import report_runs_enqueue_all, report_years_any

        queued = report_runs_enqueue_all(
            year=chosen_year, language=language, fmt=fmt, audience=audience
        )
        if queued.queued == queued.present == 0:
            years = ", ".join(str(y) for y in report_years_any()) or "none"
            raise click.BadParameter(
                f"no network has interactions in {chosen_year}; years with data: {years}",
                param_hint="'--year'",
            )
        click.echo(
            f"Queued {queued.queued} report{'' if queued.queued == 1 else 's'} of {chosen_year}; "
            "already queued, running or done: "
            f"{queued.present}; networks without data that year: {queued.without_data}."
        )
        return
    assert slug is not None
    network = _network(slug)
    _year_with_data(network, chosen_year)
    try:
        with ProgressBar("Writing the annual report") as bar:
            path = report_generate(
                network=network,
                year=chosen_year,
                language=language,
                fmt=fmt,
                audience=audience,
                out=out,
                progress=bar.update,
            )
    except ReportDiskFull as error:  # not a bad value: the machine ran out of room (status 1)
        raise click.ClickException(str(error)) from None
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
    type=OutFile(),
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
    if not file.is_file():
        raise click.BadParameter(f"{file} is not a regular file", param_hint="'FILE'")
    _setup_django()
    from netweave.interop.importing.columns import ImportKind
    from netweave.interop.importing.problems import ImportRefused
    from netweave.interop.importing.service import import_file, import_kind_detect

    _call("migrate", "--verbosity", "0")
    if (ImportKind(kind) if kind else import_kind_detect(file)) == ImportKind.NETWORK:
        _new_slug(slug, "--network")
    else:
        _network(slug)
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
@click.option("--out", type=OutFile(), required=True, help="File to write.")
def export(slug: str, fmt: str, year: int | None, out: Path) -> None:
    """Export a network as spreadsheets, a graph file or netweave JSON."""
    _setup_django()
    from netweave.interop.exporting.service import ExportFormat, network_export

    _call("migrate", "--verbosity", "0")
    network = _network(slug)
    if year is not None:
        _year_with_data(network, year)
    with out_file(out) as partial:
        network_export(
            network=network,
            fmt=ExportFormat(fmt),
            out=partial,
            year=year,
            today=date.today(),  # noqa: DTZ011 - a calendar day
        )
    click.echo(f"Wrote {out}")


@main.command()
@click.option("--out", type=OutFile(), required=True, help="File to write the backup to.")
def backup(out: Path) -> None:
    """Copy the whole database to one file (safe while netweave runs).

    SQLite: its online backup; PostgreSQL: pg_dump (PostgreSQL's client programs needed).
    """
    _setup_django()
    from netweave.backup import BackupError, database_backup

    try:
        database_backup(out)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Wrote {out}")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(file: Path) -> None:
    """Restore a backup made by `netweave backup` into this installation, which must be empty.

    Stop the web app and the workers first. Afterwards the database is brought up to date.
    """
    if not file.is_file():
        raise click.BadParameter(f"{file} is not a regular file", param_hint="'FILE'")
    _setup_django()
    from netweave.backup import BackupError, database_restore

    try:
        database_restore(file)
    except BackupError as error:
        raise click.BadParameter(str(error), param_hint="'FILE'") from None
    _call("migrate", "--verbosity", "0")
    click.echo(f"Restored {file}.")


def _mapping(item: str) -> tuple[str, str]:
    column, separator, field = item.partition("=")
    if not separator or not column.strip() or not field.strip():
        raise click.BadParameter(f"'{item}' is not COLUMN=FIELD", param_hint="'--map'")
    return column.strip(), field.strip()


def _write_problems(path: Path, problems: list) -> None:
    import csv

    with out_file(path) as partial, partial.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["file", "row", "column", "reason"])
        writer.writerows((p.file, p.row, p.column, p.reason) for p in problems)


@main.command()
@click.option(
    "--address",
    type=Address(),
    default=DEMO_ADDRESS,
    show_default=True,
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
    default=serving.web_processes,
    show_default="two per core and one more",
    help="Web server processes.",
)
@click.option(
    "--threads",
    type=click.IntRange(min=1, max=256),
    default=serving.WEB_THREADS,
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
    processes: int | None = None,
    threads: int = serving.WEB_THREADS,
    debug: bool = False,
) -> None:
    """Collect static files, then serve on ``address`` until stopped (Django is set up);
    ``processes`` by default :func:`netweave.serving.web_processes`."""
    from django.conf import settings

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
        "NETWEAVE_SITE_URL": serving.site_url(
            host, int(port), os.environ.get("NETWEAVE_SITE_URL", "")
        ),
    }
    supervisor = serving.Supervisor(
        serving.web_command(
            host, int(port), processes=processes or serving.web_processes(), threads=threads
        ),
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
    from netweave.settings.environment import worker_niceness
    from netweave.worker import numeric_threads_limit, priority_lower, worker_run

    # Its tasks can wait (a dashboard refresh analyses the whole network: seconds of CPU at
    # 10,000 members); a page someone is looking at cannot, so on a busy machine the kernel
    # gives the cores to the pages first, and the worker computes on one of them at a time
    # (docs/operations.md).
    numeric_threads_limit()
    priority_lower(worker_niceness())
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
    from django.core.management import execute_from_command_line, get_commands

    if args and not args[0].startswith("-") and args[0] not in get_commands():
        raise click.BadParameter(
            f"no management command '{args[0]}'; `netweave manage help` lists them",
            param_hint="'ARGS'",
        )
    execute_from_command_line(["netweave manage", *args])
