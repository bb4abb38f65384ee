"""Everything at once: :func:`analyse` a period, :func:`compare` it with another.

``analyse`` builds the period's tie graph once and hands it to every graph metric; table
metrics read the tables directly, warmth, renewal and routines from the interactions sorted by
pair once (:mod:`._history`). Sampled betweenness, the largest cost, starts in a forked
worker as soon as the graph exists and is collected last
(:func:`~netweave.insights.brokerage.start_brokerage`), so the other families are computed
meanwhile.

``compare`` turns two analyses into year-over-year deltas of the headline figures, each with a
direction (better / worse / same) from :func:`~netweave.insights.change.change_direction` and
:data:`HIGHER_IS_BETTER`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import polars as pl

from netweave.insights._frames import active_members, within
from netweave.insights._history import interaction_history
from netweave.insights.bridging import Bridging, bridging
from netweave.insights.brokerage import Brokerage, PendingBrokerage, start_brokerage
from netweave.insights.change import change_direction
from netweave.insights.cohesion import Cohesion, cohesion
from netweave.insights.graph import TieGraph, tie_graph
from netweave.insights.introductions import Introductions, introductions
from netweave.insights.key_players import KeyPlayers, key_players
from netweave.insights.orientation import Orientation, orientation
from netweave.insights.period import Period
from netweave.insights.reciprocity import Reciprocity, reciprocity
from netweave.insights.renewal import Renewal, renewal
from netweave.insights.routines import Routines, routines
from netweave.insights.settings import MetricSettings
from netweave.insights.tables import NetworkTables
from netweave.insights.tie_flow import TieFlow, tie_flow
from netweave.insights.warmth import Warmth, warmths

__all__ = [
    "HEADLINE_FIGURES",
    "HIGHER_IS_BETTER",
    "TARGETS",
    "Comparison",
    "NetworkInsights",
    "analyse",
    "analyse_with_previous",
    "compare",
]

HIGHER_IS_BETTER: dict[str, bool] = {
    "members": True,
    "organisations": True,
    "interactions": True,
    "ties": True,
    "warm_ties": True,
    "cooling_ties": False,
    "new_ties": True,
    "kept_ties": True,
    "lapsed_ties": False,
    "introductions_made": True,
    "introductions_met": True,
    "routines_planned": True,
    "routines_held": True,
    "routine_held_share": True,
    "new_ties_at_routines": True,
    "directed_interactions": True,
    "imbalanced_members": False,
    "density": True,
    "average_clustering": True,
    "largest_component_share": True,
    "cross_sector_share": True,
    "cross_organisation_share": True,
    "themes_connected": True,
    "network_share": True,
    "key_players": False,
    "imbalanced_organisations": False,
    "between_community_share": True,
}
"""Headline figures and whether a rise is an improvement.

``key_players`` (articulation points): fewer means the network depends less on single people.
``network_share`` has a target instead (see :data:`TARGETS`).
"""

TARGETS: dict[str, float] = {"network_share": 0.5}
"""Figures judged by their distance to a target rather than by a direction: about half of the
effort spent on the network itself is healthy (``docs/metrics.md``), so closer to half is
better whichever side it comes from."""

HEADLINE_FIGURES: tuple[str, ...] = tuple(HIGHER_IS_BETTER)


@dataclass(frozen=True)
class NetworkInsights:
    """All metrics of one network over one period (see ``docs/insights-api.md``).

    ``brokerage`` is read like the other families; when :func:`analyse` deferred it, it is
    computed (in this process, once) when first read.
    """

    period: Period
    settings: MetricSettings
    members: int
    organisations: int
    interactions: int
    graph: TieGraph
    warmth: Warmth
    flow: TieFlow
    reciprocity: Reciprocity
    bridging: Bridging
    key_players: KeyPlayers
    cohesion: Cohesion
    renewal: Renewal
    orientation: Orientation
    routines: Routines
    introductions: Introductions
    pending_brokerage: PendingBrokerage = field(repr=False, compare=False)
    """Where :attr:`brokerage` comes from (computed once: the pending keeps its result)."""

    @property
    def brokerage(self) -> Brokerage:
        return self.pending_brokerage.result()

    def headline(self) -> dict[str, float]:
        """The headline figures, named as in :data:`HEADLINE_FIGURES`."""
        figures = {
            "members": self.members,
            "organisations": self.organisations,
            "interactions": self.interactions,
            "ties": self.graph.tie_count,
            "warm_ties": self.warmth.warm,
            "cooling_ties": self.warmth.cooling,
            "new_ties": self.renewal.new,
            "kept_ties": self.renewal.kept,
            "lapsed_ties": self.renewal.lapsed,
            "introductions_made": self.introductions.suggested,
            "introductions_met": self.introductions.met,
            "routines_planned": self.routines.planned,
            "routines_held": self.routines.held,
            "routine_held_share": self.routines.held_share,
            "new_ties_at_routines": self.routines.new_ties_at_routines,
            "directed_interactions": self.reciprocity.directed_interactions,
            "imbalanced_members": self.reciprocity.imbalanced_members,
            "density": self.cohesion.density,
            "average_clustering": self.cohesion.average_clustering,
            "largest_component_share": self.cohesion.largest_component_share,
            "cross_sector_share": self.bridging.cross_sector_share,
            "cross_organisation_share": self.bridging.cross_organisation_share,
            "themes_connected": self.bridging.themes_connected,
            "network_share": self.orientation.network_share,
            "key_players": self.key_players.count,
            "imbalanced_organisations": self.reciprocity.imbalanced_organisations,
            "between_community_share": self.cohesion.between_community_share,
        }
        return {name: float(value) for name, value in figures.items()}


@dataclass(frozen=True)
class Comparison:
    """Headline figures of two periods side by side.

    Attributes
    ----------
    current, previous : Period
    figures : DataFrame[figure, current, previous, delta, relative, direction]
        ``relative`` = delta / previous (null when previous is 0); ``direction`` is
        ``"better"``, ``"worse"`` or ``"same"``.
    """

    current: Period
    previous: Period
    figures: pl.DataFrame

    def _row(self, figure: str) -> dict[str, object]:
        rows = self.figures.filter(pl.col("figure") == figure)
        if rows.height == 0:
            raise KeyError(figure)
        return rows.row(0, named=True)

    def direction(self, figure: str) -> str:
        return str(self._row(figure)["direction"])

    def delta(self, figure: str) -> float:
        return float(self._row(figure)["delta"])  # type: ignore[arg-type]


def analyse(
    tables: NetworkTables,
    period: Period,
    settings: MetricSettings | None = None,
    *,
    defer_brokerage: bool = False,
) -> NetworkInsights:
    """Compute every metric family for ``period``.

    Parameters
    ----------
    tables : NetworkTables
    period : Period
    settings : MetricSettings, optional
        Defaults when not given.
    defer_brokerage : bool
        Compute brokerage (betweenness and constraint, the costliest family and in no headline
        figure) only if and when ``insights.brokerage`` is first read, in this process, with
        the same values. For an analysis read only for its headline figures, such as the year
        before in the annual report; by default it is computed here, its sampled betweenness
        in forked workers beside the other families.

    Returns
    -------
    NetworkInsights
    """
    settings = settings or MetricSettings()
    insights = _Shared(tables, settings, {period: defer_brokerage}).insights(period)
    if not defer_brokerage:
        insights.pending_brokerage.result()
    return insights


def analyse_with_previous(
    tables: NetworkTables, period: Period, settings: MetricSettings | None = None
) -> tuple[NetworkInsights, NetworkInsights]:
    """``analyse(tables, period, settings)`` and ``analyse(tables, period.previous(), settings,
    defer_brokerage=True)``, the same values, with the work the two share done once.

    Both read the interactions sorted by pair and date (sorted once here, not twice) and warmth
    at their periods' ends and the days before their starts: one pass for all these moments,
    of which there are three when the periods touch (the year before ends the day before this
    one starts). What :func:`compare` and the annual report need.
    """
    settings = settings or MetricSettings()
    previous = period.previous()
    shared = _Shared(tables, settings, {period: False, previous: True})
    current = shared.insights(period)
    before = shared.insights(previous)
    # Collected last: the forked workers' sampled betweenness ran beside both years' families.
    current.pending_brokerage.result()
    return current, before


class _Shared:
    """What analyses of ``periods`` share: the tables, the settings, the interaction history and
    warmth at each period's end and the day before its start (one pass for all moments).

    ``periods`` maps each period to whether its brokerage is deferred (see :func:`analyse`).
    The first period's tie graph is built and its brokerage started before anything else, so
    that its sampled betweenness runs in forked workers while the rest is computed; the caller
    collects it (``pending_brokerage.result()``) once everything else is done.
    """

    def __init__(
        self, tables: NetworkTables, settings: MetricSettings, periods: dict[Period, bool]
    ) -> None:
        self.tables = tables
        self.settings = settings
        self.deferred = periods
        self.first = next(iter(periods))
        self.graph, self.pending = self._graph_and_brokerage(self.first)
        # All interactions sorted by pair and date once, for warmth, renewal and routines.
        self.history = interaction_history(tables, settings)
        moments = list(dict.fromkeys(m for p in periods for m in (p.end, _day_before(p))))
        self.warmth = dict(
            zip(moments, warmths(tables, moments, settings, history=self.history), strict=True)
        )

    def _graph_and_brokerage(self, period: Period) -> tuple[TieGraph, PendingBrokerage]:
        graph = tie_graph(self.tables, period, self.settings)
        # Sampled betweenness, the largest single cost, runs in forked workers (when the graph
        # is large enough) while this process computes the other families; collected last.
        # Deferred, no worker starts (0 workers: everything waits for result()).
        workers = 0 if self.deferred[period] else None
        return graph, start_brokerage(graph, self.settings, workers=workers)

    def insights(self, period: Period) -> NetworkInsights:
        """The :class:`NetworkInsights` of ``period`` (one of ``periods``)."""
        tables, settings, history = self.tables, self.settings, self.history
        if period == self.first:
            graph, pending_brokerage = self.graph, self.pending
        else:
            graph, pending_brokerage = self._graph_and_brokerage(period)
        tie_warmth, warmth_before = self.warmth[period.end], self.warmth[_day_before(period)]
        active = active_members(tables, period)
        return NetworkInsights(
            period=period,
            settings=settings,
            members=active["person_id"].n_unique(),
            organisations=active["organisation_id"].drop_nulls().n_unique(),
            # Counted without copying the period's rows out.
            interactions=int(tables.interactions.select(within("on", period).sum()).item()),
            graph=graph,
            warmth=tie_warmth,
            flow=tie_flow(warmth_before, tie_warmth),
            reciprocity=reciprocity(tables, period, settings),
            bridging=bridging(tables, graph, tie_warmth),
            key_players=key_players(graph),
            cohesion=cohesion(graph, settings),
            renewal=renewal(tables, period, history=history),
            orientation=orientation(tables, period, settings),
            routines=routines(tables, period, history=history),
            introductions=introductions(tables, period),
            pending_brokerage=pending_brokerage,
        )


def _day_before(period: Period) -> date:
    return period.start - timedelta(days=1)


def compare(current: NetworkInsights, previous: NetworkInsights) -> Comparison:
    """Year-over-year deltas of the headline figures, with a direction per figure.

    delta = current − previous; relative = delta / previous (null when previous is 0);
    direction = :func:`~netweave.insights.change.change_direction` with the way
    :data:`HIGHER_IS_BETTER` names (or the distance to a :data:`TARGETS` value): ``"same"``
    unless the figure moved by more than :data:`~netweave.insights.change.MEANINGFUL_CHANGE` of
    the larger value.
    """
    now, before = current.headline(), previous.headline()
    rows = []
    for figure in HEADLINE_FIGURES:
        delta = now[figure] - before[figure]
        direction = change_direction(
            now[figure],
            before[figure],
            higher_is_better=HIGHER_IS_BETTER[figure],
            target=TARGETS.get(figure),
        )
        rows.append(
            {
                "figure": figure,
                "current": now[figure],
                "previous": before[figure],
                "delta": delta,
                "relative": delta / before[figure] if before[figure] else None,
                "direction": str(direction),
            }
        )
    schema = {
        "figure": pl.String,
        "current": pl.Float64,
        "previous": pl.Float64,
        "delta": pl.Float64,
        "relative": pl.Float64,
        "direction": pl.String,
    }
    return Comparison(current.period, previous.period, pl.DataFrame(rows, schema=schema))
