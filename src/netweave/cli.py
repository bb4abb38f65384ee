"""The `netweave` command: thin — parses options, calls services, shows progress.

Django is set up lazily, per command, so that `netweave --help` and `netweave generate --parquet`
stay fast and work without a database.
"""

from __future__ import annotations

import os
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
    if no_serve:
        return
    click.echo(f"Serving on http://{address}/ — press Ctrl+C to stop.")
    _serve(address)


@main.command()
@click.option("--address", default=DEMO_ADDRESS, show_default=True, help="Where to serve.")
def serve(address: str) -> None:
    """Serve the web app (for one machine; put a WSGI server in front for production)."""
    _setup_django()
    _call("migrate", "--verbosity", "0")
    _serve(address)


def _serve(address: str) -> None:
    from django.core.management import call_command

    call_command("runserver", address, use_reloader=False, insecure_serving=True)


@main.command()
@click.option("--batch", is_flag=True, help="Run the queued tasks, then exit.")
def worker(batch: bool) -> None:
    """Run background tasks (reports, routine rounds) from the database queue."""
    _setup_django()
    args = ["--batch"] if batch else []
    _call("db_worker", "--no-reload", "--no-startup-delay", *args)


@main.command(context_settings={"ignore_unknown_options": True, "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command (for operators), e.g. `netweave manage createsuperuser`."""
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["netweave manage", *args])
