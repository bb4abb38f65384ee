"""Health of the network: the health figures, ties between sectors, the golden triangle per
theme, brokers and key players.

Which way each figure is better (or its target) is read from :mod:`netweave.insights`
(:data:`~netweave.insights.HIGHER_IS_BETTER`, :data:`~netweave.insights.TARGETS`), the rule
:func:`~netweave.insights.compare` applies, so the report's arrows are the comparison's.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from netweave.insights import HIGHER_IS_BETTER, TARGETS, NetworkInsights
from netweave.insights.tables import SECTORS
from netweave.reports import charts
from netweave.reports.document import Figure, MatrixCell, Person, ThemeTriangle
from netweave.reports.formatting import number, significant
from netweave.reports.sections.context import ReportContext, sector_label

__all__ = ["HEALTH_FIGURES", "HealthFigure", "HealthSection", "health_figures", "health_section"]

TOP = 10
"""Brokers and key players named."""


@dataclass(frozen=True)
class HealthSection:
    figures: tuple[Figure, ...]
    sector_matrix: tuple[MatrixCell, ...]
    sector_matrix_svg: str
    triangles: tuple[ThemeTriangle, ...]
    brokers: tuple[Person, ...]
    key_players: tuple[Person, ...]
    brokerage_note: str


def top_brokers(current: NetworkInsights) -> pl.DataFrame:
    """The :data:`TOP` members by betweenness (the map rings them too)."""
    return (
        current.brokerage.members.filter(pl.col("betweenness") > 0)
        .sort(["betweenness", "person_id"], descending=[True, False])
        .head(TOP)
    )


@dataclass(frozen=True)
class HealthFigure:
    """One figure of the report's health section: how it is read from an analysis and shown.

    The report and the steward's dashboard both build their health figures from
    :data:`HEALTH_FIGURES`, so the two always print the same number under the same label.
    """

    name: str
    label: Callable[[], str]
    read: Callable[[NetworkInsights], float | int]
    kind: str = "count"
    explanation: Callable[[], str] = lambda: ""

    def figure(self, current: float | int | None, previous: float | int | None) -> Figure:
        """This figure with the given values (labels in the active language)."""
        return Figure(
            self.name,
            self.label(),
            current,
            previous,
            kind=self.kind,
            higher_is_better=HIGHER_IS_BETTER[self.name],
            explanation=self.explanation(),
            target=TARGETS.get(self.name),
        )


HEALTH_FIGURES: tuple[HealthFigure, ...] = (
    HealthFigure(
        "cross_sector_share",
        lambda: _("Warm ties that cross sectors"),
        lambda insights: insights.bridging.cross_sector_share,
        kind="share",
        explanation=lambda: _(
            "Of all warm ties at year end, the share between people of different sectors. "
            "Bridges between sectors carry new ideas and resources."
        ),
    ),
    HealthFigure(
        "cross_organisation_share",
        lambda: _("Warm ties that cross organisations"),
        lambda insights: insights.bridging.cross_organisation_share,
        kind="share",
        explanation=lambda: _(
            "Of all warm ties at year end, the share between people of different "
            "organisations: the network, not the organisations' own corridors."
        ),
    ),
    HealthFigure(
        "themes_connected",
        lambda: _("Themes with a complete golden triangle"),
        lambda insights: insights.bridging.themes_connected,
        explanation=lambda: _(
            "Themes on which knowledge, business and government are all present and "
            "connected to each other by ties this year."
        ),
    ),
    HealthFigure(
        "key_players",
        lambda: _("Key players"),
        lambda insights: insights.key_players.count,
        explanation=lambda: _(
            "People whose departure would split the network into pieces. Fewer is "
            "better: the network then depends less on single people."
        ),
    ),
    HealthFigure(
        "largest_component_share",
        lambda: _("Members in the connected core"),
        lambda insights: insights.cohesion.largest_component_share,
        kind="share",
        explanation=lambda: _(
            "Share of the people with ties this year who can reach each other through the network."
        ),
    ),
    HealthFigure(
        "average_clustering",
        lambda: _("Clustering"),
        lambda insights: insights.cohesion.average_clustering,
        kind="ratio",
        explanation=lambda: _(
            "How often two contacts of a person also know each other (0 to 1): "
            "team spirit rather than a loose crowd."
        ),
    ),
    HealthFigure(
        "density",
        lambda: _("Density"),
        lambda insights: insights.cohesion.density,
        kind="ratio",
        explanation=lambda: _("The share of all possible pairs that had a tie this year."),
    ),
    HealthFigure(
        "between_community_share",
        lambda: _("Ties between communities"),
        lambda insights: insights.cohesion.between_community_share,
        kind="share",
        explanation=lambda: _(
            "Share of ties that link the network's communities (groups found by the "
            "Leiden method) rather than staying inside one."
        ),
    ),
    HealthFigure(
        "imbalanced_organisations",
        lambda: _("Organisations with an imbalance"),
        lambda insights: insights.reciprocity.imbalanced_organisations,
        explanation=lambda: _(
            "Organisations that mostly take or mostly give (with enough volume to tell). "
            "A healthy network gives and takes."
        ),
    ),
    HealthFigure(
        "imbalanced_members",
        lambda: _("Members with an imbalance"),
        lambda insights: insights.reciprocity.imbalanced_members,
        explanation=lambda: _("The same for individual members."),
    ),
    HealthFigure(
        "network_share",
        lambda: _("Inward orientation"),
        lambda insights: insights.orientation.network_share,
        kind="share",
        explanation=lambda: _(
            "Share of the effort spent on the network itself rather than on the world "
            "outside it. About half is healthy: closer to half counts as better."
        ),
    ),
)


def health_figures(current: NetworkInsights, previous: NetworkInsights) -> tuple[Figure, ...]:
    """The health section's figures of ``current`` against ``previous``."""
    return tuple(spec.figure(spec.read(current), spec.read(previous)) for spec in HEALTH_FIGURES)


def health_section(ctx: ReportContext) -> HealthSection:
    cells, svg = _sector_matrix(ctx)
    return HealthSection(
        figures=health_figures(ctx.current, ctx.previous),
        sector_matrix=cells,
        sector_matrix_svg=svg,
        triangles=_triangles(ctx),
        brokers=tuple(
            ctx.person(
                row["person_id"],
                (
                    Figure(
                        f"broker.{row['person_id']}.betweenness",
                        _("Betweenness"),
                        row["betweenness"],
                        kind="ratio",
                    ),
                    Figure(
                        f"broker.{row['person_id']}.constraint",
                        _("Constraint"),
                        row["constraint"],
                        kind="ratio",
                        higher_is_better=False,
                    ),
                ),
            )
            for row in top_brokers(ctx.current).iter_rows(named=True)
        ),
        key_players=tuple(
            ctx.person(
                row["person_id"],
                (
                    Figure(f"key.{row['person_id']}.pieces", _("Pieces left"), row["pieces"]),
                    Figure(
                        f"key.{row['person_id']}.reachable_pairs_lost",
                        _("Pairs cut off"),
                        row["reachable_pairs_lost"],
                    ),
                ),
            )
            for row in ctx.current.key_players.members.sort("rank").head(TOP).iter_rows(named=True)
        ),
        brokerage_note=_brokerage_note(ctx.current),
    )


def _triangles(ctx: ReportContext) -> tuple[ThemeTriangle, ...]:
    return tuple(
        ThemeTriangle(
            theme=row["theme"],
            label=ctx.theme_label(row["theme"]),
            knowledge=row["knowledge"],
            business=row["business"],
            government=row["government"],
            present=row["present"],
            connected=row["connected"],
            connections=(
                row["knowledge_business"],
                row["knowledge_government"],
                row["business_government"],
            ),
        )
        for row in ctx.current.bridging.golden_triangle.sort("theme").iter_rows(named=True)
    )


def _brokerage_note(current: NetworkInsights) -> str:
    """What a sampled betweenness is worth, in words: from how many members it was estimated,
    its typical error (the estimated standard error) and its worst case (the guarantee), both
    as :mod:`netweave.insights.brokerage` states them. Empty when it was computed exactly."""
    brokerage = current.brokerage
    if brokerage.method != "sampled" or brokerage.error_bound is None:
        return ""
    samples = brokerage.samples or 0
    sentences = [
        ngettext(
            "Betweenness was estimated from %(samples)s member chosen at random, not computed "
            "from all members.",
            "Betweenness was estimated from %(samples)s members chosen at random, not computed "
            "from all members.",
            samples,
        )
        % {"samples": number(samples)}
    ]
    if brokerage.standard_error is not None:
        # Two digits: the standard error is itself estimated from a few groups of sources.
        sentences.append(
            _(
                "Typical error: at most about ±%(error)s per value (the standard error, "
                "estimated from the spread between groups of those members)."
            )
            % {"error": significant(brokerage.standard_error)}
        )
    sentences.append(
        _(
            "Worst case: with %(confidence)s confidence no value is off by more than "
            "±%(bound)s. This guarantee holds for any network, so it is far wider than the "
            "typical error."
        )
        % {
            "confidence": _percent_down(brokerage.confidence or 0.0),
            # Rounded up: a guarantee shown smaller than it is would not hold.
            "bound": significant(brokerage.error_bound, 3, up=True),
        }
    )
    return " ".join(sentences)


def _percent_down(share: float) -> str:
    """``share`` as a percentage to a tenth, rounded down: 0.9995 shown as 100% would promise
    certainty. (The tolerance keeps 0.29 · 1000 = 289.99999999999994 at 29%.)"""
    tenths = math.floor(share * 1000 * (1 + 1e-12))
    return f"{number(tenths / 10, 0 if tenths % 10 == 0 else 1)}%"


def _sector_matrix(ctx: ReportContext) -> tuple[tuple[MatrixCell, ...], str]:
    def counts(frame: pl.DataFrame) -> dict[tuple[str, str], int]:
        return {
            (row["sector_a"], row["sector_b"]): int(row["ties"])
            for row in frame.iter_rows(named=True)
        }

    now = counts(ctx.current.bridging.sector_matrix)
    before = counts(ctx.previous.bridging.sector_matrix)
    present = [s for s in SECTORS if any(s in pair for pair in (*now, *before))]
    cells = []
    for i, a in enumerate(present):
        for b in present[i:]:
            key = (a, b) if a <= b else (b, a)
            cells.append(MatrixCell(a, b, now.get(key, 0), before.get(key, 0)))
    svg = charts.sector_matrix(
        cells, [(s, sector_label(s)) for s in present], caption=_("ties this year (change)")
    )
    return tuple(cells), svg
