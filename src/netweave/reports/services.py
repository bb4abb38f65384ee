"""Generating the network annual report: the writes of the reports app.

``report_generate`` is what the command line and the demo call; ``report_run_request`` and
``report_run_execute`` are the web path (a steward asks, a background task does the work and
records its progress on the :class:`~netweave.reports.models.ReportRun`).
"""

from __future__ import annotations

import errno
import logging
import os
import socket
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from netweave.maps.services import network_map_positions_ensure
from netweave.networks.actor import Actor
from netweave.networks.models import Language, Network
from netweave.networks.policy import Action
from netweave.outfiles import out_file_write
from netweave.progress import ProgressCallback, no_progress
from netweave.reports.assemble import report_assemble
from netweave.reports.document import AnnualReport, Audience
from netweave.reports.models import DISK_FULL, INTERRUPTED, WORKER_LOST, ReportRun, RunStatus
from netweave.reports.render import pdf_rendered_beside, render_html
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
    "report_run_retry",
    "report_runs_beat",
    "report_runs_recover",
]

logger = logging.getLogger(__name__)

FORMATS = ("html", "pdf")
LANGUAGES = tuple(Language.values)
"""The languages a report is written in: those a network may have (one list, not a copy)."""

# Share of the whole job each stage takes, for one overall percentage (measured on the demo).
_STAGE_SPAN = {"analyse": (0, 25), "assemble": (25, 45), "html": (45, 50), "pdf": (50, 100)}


class ReportError(ValueError):
    """A report cannot be made as asked; ``option`` names the command-line option at fault."""

    def __init__(self, message: str, option: str | None = None) -> None:
        super().__init__(message)
        self.option = option


class ReportDiskFull(ReportError):
    """The disk (or the process's file size limit) ran out while a report was written."""


# Errors that mean "no room to write", whatever the filesystem or limit said.
_NO_ROOM = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


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
        choose = " or ".join(LANGUAGES)
        raise ReportError(f"unknown language {language!r}; choose {choose}", option="--lang")
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
    try:
        out_file_write(path, content)
    except OSError as error:
        if error.errno in _NO_ROOM:
            raise ReportDiskFull(
                f"not enough disk space to write {path} ({error.strerror}); nothing was written"
            ) from error
        raise


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
    paths = {}
    for fmt in formats:
        path = out or report_path(
            network=network, year=year, language=language, fmt=fmt, audience=audience
        )
        paths[fmt] = folder / path.name if folder is not None and out is None else path
    # Both formats: the PDF is rendered in a second process while this one writes the HTML.
    if "pdf" in paths:
        progress("pdf", 0, 1)
    with pdf_rendered_beside(report, fork=len(paths) > 1) as pdf:
        if "html" in paths:
            progress("html", 0, 1)
            _write(paths["html"], render_html(report).encode("utf-8"))
            progress("html", 1, 1)
        if "pdf" in paths:
            _write(paths["pdf"], pdf())
            progress("pdf", 1, 1)
    return [paths[fmt] for fmt in formats]


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


def report_run_retry(actor: Actor, run: ReportRun) -> bool:
    """A steward asks again for a run that failed: the same run is queued once more (its file,
    when made, is the run's one file). False when the run had not failed (nothing done)."""
    from netweave.reports.tasks import report_run_task

    actor.require(Action.STEWARD)
    with transaction.atomic():
        queued = ReportRun.objects.filter(
            pk=run.pk, network=actor.network, status=RunStatus.FAILED
        ).update(
            status=RunStatus.QUEUED,
            progress=0,
            stage="",
            error="",
            worker="",
            heartbeat_at=None,
            finished_at=None,
        )
        if queued:
            transaction.on_commit(lambda: report_run_task.enqueue(run_id=run.pk))
    return bool(queued)


# A worker updates the runs it makes every HEARTBEAT (netweave/worker.py); a run whose worker
# said nothing for REPORT_RUN_STALE_AFTER is lost. Generous: a database locked for half a minute
# delays heartbeats without killing anyone. A worker that died on this machine is seen at once.
HEARTBEAT = timedelta(seconds=5)


def _machine() -> str:
    """This host and its process namespace: where a process id means one process."""
    try:
        namespace = os.readlink("/proc/self/ns/pid").strip("pid:[]")
    except OSError:
        namespace = "0"
    return f"{socket.gethostname()}:{namespace}"


def worker_name() -> str:
    """This process, as a run records its worker: ``host:namespace:pid``."""
    return f"{_machine()}:{os.getpid()}"


def _process_gone(worker: str) -> bool:
    """Whether ``worker`` ran where this process runs (same host, same process namespace: a
    container beside it is not) and has ended."""
    machine, _, pid = worker.rpartition(":")
    if machine != _machine() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    try:
        # A killed child its parent has not yet waited for is a zombie: dead all the same.
        return stat.read_text().rsplit(")", 1)[1].split()[0] in {"Z", "X"}
    except (OSError, IndexError):
        return False


def report_runs_beat(worker: str) -> int:
    """The worker ``worker`` is alive: refresh the heartbeat of the runs it is making."""
    return ReportRun.objects.filter(status=RunStatus.RUNNING, worker=worker).update(
        heartbeat_at=timezone.now()
    )


def report_runs_recover(*, network: Network | None = None) -> list[int]:
    """Fail the running runs whose worker is gone (dead here, or silent too long anywhere).

    Returns the ids of the runs it failed. Safe to call from any process, any number of times:
    the update is conditional on the run still being the same attempt.
    """
    stale_after: timedelta = settings.REPORT_RUN_STALE_AFTER
    running = ReportRun.objects.filter(status=RunStatus.RUNNING)
    if network is not None:
        running = running.filter(network=network)
    silent = Q(heartbeat_at__lt=timezone.now() - stale_after) | Q(heartbeat_at__isnull=True)
    failed = []
    for run in running.only("pk", "worker", "attempts", "heartbeat_at"):
        lost = _process_gone(run.worker) or running.filter(silent, pk=run.pk).exists()
        if not lost:
            continue
        done = ReportRun.objects.filter(
            pk=run.pk, status=RunStatus.RUNNING, attempts=run.attempts
        ).update(status=RunStatus.FAILED, error=WORKER_LOST, finished_at=timezone.now())
        if done:
            logger.warning("report run %s lost its worker %s; marked failed", run.pk, run.worker)
            failed.append(run.pk)
    return failed


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
        ReportRun.objects.filter(pk=self.run.pk).update(
            stage=stage, progress=percent, heartbeat_at=timezone.now()
        )


def _run_file(run: ReportRun) -> Path:
    """Each run keeps its own file: a later run never replaces what an earlier one offers."""
    name = report_path(
        network=run.network,
        year=run.year,
        language=run.language,
        fmt=run.format,
        audience=Audience(run.audience),
    ).name
    return Path(settings.REPORTS_DIR) / run.network.slug / "runs" / str(run.pk) / name


def _forget_partial_files(folder: Path) -> None:
    """A worker killed while writing leaves its temporary file; the next attempt removes it."""
    if folder.is_dir():
        for leftover in folder.glob(".*"):
            leftover.unlink(missing_ok=True)


def report_run_execute(*, run_id: int) -> ReportRun:
    """Do the work of a queued run (called by the background task).

    The run is claimed first: a run that is not queued (already made, being made by another
    worker, or failed) is left alone, so a task delivered twice makes one report. Every later
    write names the attempt, so a worker declared lost cannot overwrite what came after.
    """
    run = ReportRun.objects.select_related("network").get(pk=run_id)
    claimed = ReportRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING,
        progress=0,
        stage="",
        error="",
        worker=worker_name(),
        heartbeat_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    run.refresh_from_db()
    if not claimed:
        logger.info("report run %s is %s, not queued: nothing to do", run.pk, run.status)
        return run
    this_attempt = ReportRun.objects.filter(
        pk=run.pk, status=RunStatus.RUNNING, attempts=run.attempts
    )
    out = _run_file(run)
    _forget_partial_files(out.parent)
    try:
        path = report_generate(
            network=run.network,
            year=run.year,
            language=run.language,
            fmt=run.format,
            audience=Audience(run.audience),
            out=out,
            progress=_RunProgress(run),
        )
    except ReportDiskFull:
        logger.exception("report run %s: the disk is full", run.pk)
        this_attempt.update(status=RunStatus.FAILED, error=DISK_FULL, finished_at=timezone.now())
        raise
    except Exception as error:
        this_attempt.update(
            status=RunStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    except BaseException:
        # Ctrl+C or a stop signal while working: say so now rather than leave "running".
        this_attempt.update(status=RunStatus.FAILED, error=INTERRUPTED, finished_at=timezone.now())
        _forget_partial_files(out.parent)
        raise
    this_attempt.update(
        status=RunStatus.DONE,
        progress=100,
        stage="",
        file=str(path.relative_to(Path(settings.REPORTS_DIR))),
        finished_at=timezone.now(),
    )
    run.refresh_from_db()
    return run
