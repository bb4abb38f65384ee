"""Import one file into a network: check everything, then write everything or nothing.

The one door for the command line and the upload page. The whole import runs in one
transaction, so a problem found late, a database error or a killed process leaves the database
as it was; ``dry_run`` runs the same import and rolls it back, so its counts are exact.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from netweave.interop import snapshot
from netweave.interop.importing import calendar, interactions, members
from netweave.interop.importing.columns import ImportKind, column_fields
from netweave.interop.importing.outcome import ImportResult, Tally
from netweave.interop.importing.problems import Problems
from netweave.interop.importing.source import read_sheet
from netweave.introductions.stored import suggestions_changed
from netweave.networks.models import Network
from netweave.progress import ProgressCallback, no_progress


def import_kind_detect(path: Path) -> ImportKind | None:
    """The kind a file says it is by itself: an iCalendar file or netweave's network JSON."""
    suffix = path.suffix.lower()
    if suffix in {".ics", ".ical", ".ifb"}:
        return ImportKind.CALENDAR
    if suffix == ".json":
        return ImportKind.NETWORK
    return None


def import_file(
    *,
    path: Path,
    network_slug: str,
    kind: ImportKind | None = None,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    today: date,
    progress: ProgressCallback = no_progress,
    name: str | None = None,
) -> ImportResult:
    """Import ``path`` into network ``network_slug`` (a new one for ``ImportKind.NETWORK``).

    Raises :class:`ImportRefused` with every problem found; then nothing was written. ``name``
    is the file's name as its owner knows it (an upload is stored under another).
    """
    problems = Problems(name or path.name)
    kind = kind or import_kind_detect(path)
    if kind is None:
        problems.add(0, "", _("say what the file holds (--kind members, interactions, …)"))
        problems.raise_if_any()
    assert kind is not None
    tally = Tally()
    try:
        with transaction.atomic():
            encoding, ignored = _run(
                path, network_slug, kind, mapping or {}, problems, tally, today, progress
            )
            if dry_run:
                transaction.set_rollback(True)
    except (DatabaseError, ValidationError) as error:
        # A constraint the checks did not foresee: still a named problem, still nothing written.
        problems.add(0, "", _("the database refused the data: %(error)s") % {"error": error})
        problems.raise_if_any()
    return ImportResult(
        file=problems.file,
        kind=kind.value,
        encoding=encoding,
        dry_run=dry_run,
        created=dict(tally.created),
        updated=dict(tally.updated),
        unchanged=dict(tally.unchanged),
        ignored_columns=ignored,
        notices=tuple(tally.notices),
    )


def _run(
    path: Path,
    slug: str,
    kind: ImportKind,
    mapping: Mapping[str, str],
    problems: Problems,
    tally: Tally,
    today: date,
    progress: ProgressCallback,
) -> tuple[str, tuple[str, ...]]:
    """Do the import inside the caller's transaction; (encoding, ignored columns)."""
    if kind == ImportKind.NETWORK:
        _restore(path, slug, problems, tally, progress)
        return "UTF-8", ()
    network = Network.objects.filter(slug=slug).first()
    if network is None:
        problems.add(0, "", _("there is no network '%(slug)s'") % {"slug": slug})
        problems.raise_if_any()
    assert network is not None
    suggestions_changed(network)  # queued when the import commits (not on a dry run)
    if kind == ImportKind.CALENDAR:
        meetings = calendar.read_calendar(path, problems, until=today)
        problems.raise_if_any()
        assert meetings is not None
        calendar.import_calendar(network, meetings, tally, path.name)
        return "iCalendar", ()
    sheet = read_sheet(path, problems)
    if sheet is None:
        problems.raise_if_any()
    assert sheet is not None
    fields = column_fields(kind, sheet.headers, mapping, problems)
    problems.raise_if_any()  # without its columns, the rows cannot be checked
    used = set(fields.values())
    ignored = tuple(header for header in sheet.headers if header not in used)
    if kind == ImportKind.INTERACTIONS:
        interactions.import_interactions(network, sheet, fields, problems, tally, today, progress)
    elif kind == ImportKind.ORGANISATIONS:
        members.import_organisations(network, sheet, fields, problems, tally)
    elif kind == ImportKind.MEMBERS:
        members.import_members(network, sheet, fields, problems, tally, today)
    else:
        members.import_listings(network, kind, sheet, fields, problems, tally, today)
    problems.raise_if_any()
    return sheet.encoding, ignored


def _restore(
    path: Path, slug: str, problems: Problems, tally: Tally, progress: ProgressCallback
) -> None:
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        problems.add(0, "", _("the file is not JSON: %(error)s") % {"error": error})
        problems.raise_if_any()
    if not snapshot.is_snapshot(document):
        problems.add(0, "", _("the JSON is not a network exported by netweave"))
    elif Network.objects.filter(slug=slug).exists():
        problems.add(
            0, "", _("network '%(slug)s' exists already: restore under a new slug") % {"slug": slug}
        )
    else:
        snapshot.snapshot_check(document, problems)
    problems.raise_if_any()
    snapshot.network_restore(document, slug=slug, progress=progress)
    for table in snapshot.TABLES:
        tally.created[table.name] += len(document.get(table.name, {}).get("rows", []))


@dataclass(frozen=True)
class Preview:
    """The first rows of a spreadsheet as netweave will read them: header → field (or None)."""

    columns: tuple[tuple[str, str | None], ...]
    rows: tuple[tuple[str, ...], ...]


PREVIEW_ROWS = 10


def import_preview(path: Path, kind: ImportKind, mapping: Mapping[str, str]) -> Preview | None:
    """What the upload page shows above the counts; None for a calendar or an unreadable file."""
    if kind in (ImportKind.CALENDAR, ImportKind.NETWORK):
        return None
    problems = Problems(path.name)
    sheet = read_sheet(path, problems)
    if sheet is None:
        return None
    fields = column_fields(kind, sheet.headers, mapping, problems)
    by_header = {header: field for field, header in fields.items()}
    head = sheet.frame.head(PREVIEW_ROWS).select(sheet.headers)
    return Preview(
        columns=tuple((header, by_header.get(header)) for header in sheet.headers),
        rows=tuple(tuple(row) for row in head.iter_rows()),
    )
