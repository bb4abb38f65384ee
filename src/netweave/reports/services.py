"""Generating the network annual report: the writes of the reports app.

``report_generate`` is what the command line and the demo call; ``report_run_request`` and
``report_run_execute`` are the web path (a steward asks, a background task does the work and
records its progress on the :class:`~netweave.reports.models.ReportRun`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from netweave.maps.services import network_map_positions_ensure
from netweave.networks.actor import Actor
from netweave.networks.models import Network
from netweave.networks.policy import Action
from netweave.outfiles import out_file_write
from netweave.progress import ProgressCallback, no_progress
from netweave.reports.assemble import report_assemble
from netweave.reports.document import AnnualReport, Audience
from netweave.reports.models import ReportRun, RunStatus
from netweave.reports.render import render_html, render_pdf
from netweave.reports.selectors import (
    network_has_year,
    network_report_years,
    network_tables,
    report_sources,
)

__all__ = [
    "FORMATS",
    "LANGUAGES",
    "ReportError",
    "report_build",
    "report_generate",
    "report_generate_formats",
    "report_path",
    "report_run_execute",
    "report_run_request",
]

FORMATS = ("html", "pdf")
LANGUAGES = ("nl", "en")

# Share of the whole job each stage takes, for one overall percentage (measured on the demo).
_STAGE_SPAN = {"analyse": (0, 25), "assemble": (25, 45), "html": (45, 50), "pdf": (50, 100)}


class ReportError(ValueError):
    """A report cannot be made as asked; ``option`` names the command-line option at fault."""

    def __init__(self, message: str, option: str | None = None) -> None:
        super().__init__(message)
        self.option = option


def report_path(
    *, network: Network, year: int, language: str, fmt: str, audience: Audience
) -> Path:
    """Where a generated report is kept.

    ``REPORTS_DIR/<slug>/<slug>-<year>-<lang>-<audience>.<fmt>``
    """
    name = f"{network.slug}-{year}-{language}-{audience.value}.{fmt}"
    return Path(settings.REPORTS_DIR) / network.slug / name


def _check(network: Network, year: int, language: str, formats: Sequence[str]) -> None:
    if language not in LANGUAGES:
        raise ReportError(f"unknown language {language!r}; choose nl or en", option="--lang")
    for fmt in formats:
        if fmt not in FORMATS:
            raise ReportError(f"unknown format {fmt!r}; choose html or pdf", option="--format")
    if not network_has_year(network, year):
        known = ", ".join(str(y) for y in network_report_years(network)) or "none"
        raise ReportError(
            f"network '{network.slug}' has no interactions in {year}; years with data: {known}",
            option="--year",
        )


def report_build(
    *,
    network: Network,
    year: int,
    language: str,
    audience: Audience = Audience.NETWORK,
    today: date | None = None,
    progress: ProgressCallback = no_progress,
) -> AnnualReport:
    """Read ``network`` from the database and assemble its report of ``year``."""
    _check(network, year, language, ())
    return _build(network, year, language, audience, today, progress)


def _build(
    network: Network,
    year: int,
    language: str,
    audience: Audience,
    today: date | None,
    progress: ProgressCallback,
) -> AnnualReport:
    return report_assemble(
        map_positions=network_map_positions_ensure(network=network, year=year),
        tables=network_tables(network),
        sources=report_sources(network),
        year=year,
        language=language,
        audience=audience,
        generated_on=today or timezone.localdate(),
        progress=progress,
    )


def _write(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` atomically: readers never see half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    out_file_write(path, content)


def report_generate_formats(
    *,
    network: Network,
    year: int,
    language: str,
    formats: Sequence[str],
    audience: Audience = Audience.NETWORK,
    folder: Path | None = None,
    out: Path | None = None,
    today: date | None = None,
    progress: ProgressCallback = no_progress,
) -> list[Path]:
    """Assemble once, write one file per format; returns the paths in the order of ``formats``.

    Files go to ``out`` (one format only), else ``folder``/<name>, else :func:`report_path`.
    """
    _check(network, year, language, formats)
    if out is not None and len(formats) != 1:
        raise ReportError("--out names one file: ask for one format", option="--out")
    report = _build(network, year, language, audience, today, progress)
    paths = []
    for fmt in formats:
        path = out or report_path(
            network=network, year=year, language=language, fmt=fmt, audience=audience
        )
        if folder is not None and out is None:
            path = folder / path.name
        if fmt == "html":
            progress("html", 0, 1)
            _write(path, render_html(report).encode("utf-8"))
            progress("html", 1, 1)
        else:
            progress("pdf", 0, 1)
            _write(path, render_pdf(report))
            progress("pdf", 1, 1)
        paths.append(path)
    return paths


def report_generate(
    *,
    network: Network,
    year: int,
    language: str,
    fmt: str,
    pseudonymise: bool = False,
    audience: Audience | None = None,
    out: Path | None = None,
    today: date | None = None,
    progress: ProgressCallback = no_progress,
) -> Path:
    """Generate the annual report of ``network`` for ``year`` as one file and return its path.

    ``pseudonymise`` makes the public edition (nobody named); otherwise ``audience`` (default:
    the network edition, which names only people who consent).
    """
    chosen = Audience.PUBLIC if pseudonymise else (audience or Audience.NETWORK)
    [path] = report_generate_formats(
        network=network,
        year=year,
        language=language,
        formats=[fmt],
        audience=chosen,
        out=out,
        today=today,
        progress=progress,
    )
    return path


def report_run_request(
    actor: Actor,
    *,
    year: int,
    language: str,
    fmt: str,
    audience: Audience,
) -> ReportRun:
    """A steward asks for a report: record the run and queue the work after commit."""
    from netweave.reports.tasks import report_run_task

    actor.require(Action.STEWARD)
    network = actor.network
    _check(network, year, language, [fmt])
    with transaction.atomic():
        run = ReportRun(
            network=network,
            year=year,
            language=language,
            format=fmt,
            audience=audience.value,
            created_by=actor.user,
        )
        run.full_clean()
        run.save()
        transaction.on_commit(lambda: report_run_task.enqueue(run_id=run.pk))
    return run


class _RunProgress:
    """Records progress on the run row, at most once per whole percent."""

    def __init__(self, run: ReportRun) -> None:
        self.run = run
        self.last = -1

    def __call__(self, stage: str, done: int, total: int) -> None:
        low, high = _STAGE_SPAN.get(stage, (0, 100))
        percent = low + (high - low) * done // max(total, 1)
        if percent <= self.last:
            return
        self.last = percent
        ReportRun.objects.filter(pk=self.run.pk).update(stage=stage, progress=percent)


def report_run_execute(*, run_id: int) -> ReportRun:
    """Do the work of a queued run (called by the background task)."""
    run = ReportRun.objects.select_related("network").get(pk=run_id)
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=0, error="")
    try:
        audience = Audience(run.audience)
        name = report_path(
            network=run.network,
            year=run.year,
            language=run.language,
            fmt=run.format,
            audience=audience,
        ).name
        # Each run keeps its own file: a later run never replaces what an earlier one offers.
        out = Path(settings.REPORTS_DIR) / run.network.slug / "runs" / str(run.pk) / name
        path = report_generate(
            network=run.network,
            year=run.year,
            language=run.language,
            fmt=run.format,
            audience=audience,
            out=out,
            progress=_RunProgress(run),
        )
    except Exception as error:
        ReportRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    ReportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE,
        progress=100,
        stage="",
        file=str(path.relative_to(Path(settings.REPORTS_DIR))),
        finished_at=timezone.now(),
    )
    run.refresh_from_db()
    return run
