"""Routines: habit health per routine (insights' routines family), totals against last year,
and the year's reflections."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from django.utils.translation import gettext as _

from netweave.reports.document import Figure, ReflectionItem, RoutineRow
from netweave.reports.sections.context import ReportContext, choice_label, most_active
from netweave.routines.models import Cadence, Format

__all__ = ["RoutinesSection", "routines_section"]

REFLECTIONS_SHOWN = 8
PDF_ROUTINE_LIMIT = 25
"""The PDF lists at most this many routines, those that held the most meetings: a page and a half
of the table, which a reader of the printed edition still reads through (a large network has
hundreds, 346 at 10,000 members, pages of figures in which the few that matter are lost);
the chapter's totals count them all, and the HTML lists all."""


@dataclass(frozen=True)
class RoutinesSection:
    rows: tuple[RoutineRow, ...]
    """By name."""
    totals: tuple[Figure, ...]
    reflections: tuple[ReflectionItem, ...]
    rows_in_pdf: tuple[RoutineRow, ...]
    """The :data:`PDF_ROUTINE_LIMIT` that held the most meetings, in the order of ``rows``."""


def routines_section(ctx: ReportContext) -> RoutinesSection:
    rows = _rows(ctx)
    return RoutinesSection(
        rows, _totals(ctx), _reflections(ctx), most_active(rows, PDF_ROUTINE_LIMIT, _held)
    )


def _held(row: RoutineRow) -> float:
    return float(row.figures[1].current or 0)


def _rows(ctx: ReportContext) -> tuple[RoutineRow, ...]:
    named = ctx.current.routines.routines.join(ctx.sources.routines, on="routine_id", how="left")
    return tuple(
        RoutineRow(
            key=f"routine.{row['routine_id']}",
            name=row["name"] or _("Routine %(number)s") % {"number": row["routine_id"]},
            format=choice_label(Format, row["format"]),
            cadence=choice_label(Cadence, row["cadence"]),
            steward=ctx.namer(row["steward_id"]) if row["steward_id"] else "—",
            figures=_routine_figures(f"routine.{row['routine_id']}", row),
        )
        for row in named.sort("name", "routine_id", nulls_last=True).iter_rows(named=True)
    )


def _totals(ctx: ReportContext) -> tuple[Figure, ...]:
    cur, prev = ctx.current.routines, ctx.previous.routines
    return (
        Figure("routines_planned", _("Meetings planned"), cur.planned, prev.planned),
        Figure("routines_held_total", _("Meetings held"), cur.held, prev.held),
        Figure(
            "routine_held_share",
            _("Held as planned"),
            cur.held_share,
            prev.held_share,
            kind="share",
        ),
        Figure(
            "new_ties_at_routines",
            _("New ties born at routines"),
            cur.new_ties_at_routines,
            prev.new_ties_at_routines,
        ),
    )


def _reflections(ctx: ReportContext) -> tuple[ReflectionItem, ...]:
    names = dict(ctx.sources.routines.select("routine_id", "name").iter_rows())
    year = ctx.current.period
    reflections = ctx.sources.reflections.filter(
        pl.col("on").is_between(year.start, year.end, closed="both")
    )
    own_language = reflections.filter(pl.col("language") == ctx.language)
    if own_language.height:
        reflections = own_language
    return tuple(
        ReflectionItem(names.get(row["routine_id"], ""), row["on"], row["text"])
        for row in reflections.sort("on", descending=True)
        .head(REFLECTIONS_SHOWN)
        .iter_rows(named=True)
    )


def _routine_figures(key: str, row: dict) -> tuple[Figure, ...]:
    return (
        Figure(f"{key}.planned", _("Planned"), row["planned"]),
        Figure(f"{key}.held", _("Held"), row["held"]),
        Figure(f"{key}.held_share", _("Held share"), row["held_share"], kind="share"),
        Figure(
            f"{key}.mean_attendance", _("Mean attendance"), row["mean_attendance"], kind="ratio"
        ),
        Figure(
            f"{key}.attendance_trend",
            _("Attendance trend"),
            row["attendance_trend"],
            kind="signed",
        ),
        Figure(f"{key}.new_ties", _("New ties"), row["new_ties"]),
    )
