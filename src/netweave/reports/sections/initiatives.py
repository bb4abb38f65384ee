"""Initiative radar: initiatives started by the end of the year by the stage they were in at its
end, and those that found a partner in the year. Counted from the sources: insights has no
initiative family.

The stage at the end of the year is the last recorded stage change on or before its last day
(:class:`~netweave.initiatives.models.StageChange`); an initiative without a recorded change by
then (made outside the board, by an import) is counted in the stage it is in now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
from django.utils.translation import gettext as _

from netweave.initiatives.models import Stage
from netweave.reports import charts
from netweave.reports.document import Figure, InitiativeItem
from netweave.reports.sections.context import ReportContext, choice_label

__all__ = ["InitiativesSection", "initiatives_section", "stages_at"]

PDF_INITIATIVE_LIMIT = 40
"""The PDF lists at most this many of the initiatives that found a partner in the year, those
that found one last (the newest to a reader; initiatives have no measure of activity to rank
them by): about a page of the table, where a large network has many (132 at 10,000 members);
the stage counts above it count them all, and the HTML lists all."""


@dataclass(frozen=True)
class InitiativesSection:
    stages: tuple[Figure, ...]
    stages_svg: str
    partnered: tuple[InitiativeItem, ...]
    """In the order they found a partner."""

    @property
    def partnered_in_pdf(self) -> tuple[InitiativeItem, ...]:
        """The :data:`PDF_INITIATIVE_LIMIT` that found a partner last, in the same order."""
        return self.partnered[-PDF_INITIATIVE_LIMIT:]


def initiatives_section(ctx: ReportContext) -> InitiativesSection:
    year = ctx.current.period
    started = stages_at(
        ctx.sources.initiatives.filter(pl.col("started_on") <= year.end),
        ctx.sources.stage_changes,
        year.end,
    )
    counts = dict(started.group_by("stage").len().iter_rows())
    stages = tuple(
        Figure(
            f"initiatives.{stage.value}",
            str(stage.label),
            counts.get(stage.value, 0),
            higher_is_better=None,
        )
        for stage in Stage
    )
    svg = charts.bars(
        [(f.label, int(f.current or 0)) for f in stages], title=_("Initiatives per stage")
    )
    partnered = started.filter(
        pl.col("partner_found_on").is_between(year.start, year.end, closed="both")
    ).sort("partner_found_on", "name")
    return InitiativesSection(
        stages,
        svg,
        tuple(
            InitiativeItem(
                name=row["name"],
                stage=choice_label(Stage, row["stage"]),
                owner=ctx.namer(row["owner_id"]) if row["owner_id"] else "—",
                partner_found_on=row["partner_found_on"],
            )
            for row in partnered.iter_rows(named=True)
        ),
    )


def stages_at(initiatives: pl.DataFrame, changes: pl.DataFrame, day: date) -> pl.DataFrame:
    """``initiatives`` with ``stage`` replaced by the stage each was in on ``day``: its last
    change on or before that day, else its stage now."""
    last = (
        changes.filter(pl.col("changed_on") <= day)
        .sort("initiative_id", "changed_on", maintain_order=True)
        .group_by("initiative_id", maintain_order=True)
        .last()
        .select("initiative_id", pl.col("stage").alias("stage_then"))
    )
    return (
        initiatives.join(last, on="initiative_id", how="left")
        .with_columns(pl.coalesce("stage_then", "stage").alias("stage"))
        .drop("stage_then")
    )
