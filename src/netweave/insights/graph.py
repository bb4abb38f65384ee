"""The tie graph of a period: who interacted with whom, and how much.

Interactions are aggregated per unordered pair with Polars first (one row per tie), then
handed to igraph as one edge list, so the graph is simple (no multi-edges, no loops).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import igraph as ig
import numpy as np
import polars as pl

from netweave.insights._frames import (
    active_members,
    canonical,
    group_by_pair,
    in_period,
    weighted_interactions,
)
from netweave.insights.period import Period
from netweave.insights.settings import MetricSettings
from netweave.insights.tables import NetworkTables

LN2 = math.log(2.0)

__all__ = ["TieGraph", "aggregate_ties", "build_tie_graph", "tie_graph"]

TIE_SCHEMA = pl.Schema(
    {
        "a": pl.Int64(),
        "b": pl.Int64(),
        "weight": pl.Float64(),
        "interactions": pl.UInt32(),
    }
)


@dataclass(frozen=True)
class TieGraph:
    """An undirected weighted graph of ties with the person id of each vertex.

    Attributes
    ----------
    graph : igraph.Graph
        Undirected and simple; edge attribute ``"weight"``. Vertex ``i`` is ``person_ids[i]``.
    person_ids : numpy.ndarray
        Sorted int64 person ids, one per vertex.
    ties : polars.DataFrame
        ``a`` < ``b`` (person ids), ``weight`` (sum of interaction weights), ``interactions``
        (number of interactions), in edge order.
    vertices : polars.DataFrame
        ``person_id``, ``organisation_id``, ``sector`` in vertex order.
    """

    graph: ig.Graph
    person_ids: np.ndarray
    ties: pl.DataFrame
    vertices: pl.DataFrame

    @property
    def vertex_count(self) -> int:
        return int(self.graph.vcount())

    @property
    def tie_count(self) -> int:
        return int(self.graph.ecount())

    def index_of(self, person_ids: np.ndarray | pl.Series) -> np.ndarray:
        """Vertex indices of ``person_ids`` (all must be vertices)."""
        return np.searchsorted(self.person_ids, np.asarray(person_ids, dtype=np.int64))

    def weights(self) -> np.ndarray:
        return self.ties["weight"].to_numpy()


def aggregate_ties(
    interactions: pl.DataFrame, *, half_life_days: float | None = None, at: date | None = None
) -> pl.DataFrame:
    """One row per unordered pair: summed weight and interaction count.

    With ``half_life_days`` and ``at``, each weight is decayed first:
    w · 0.5^((at − on) / half_life_days).
    """
    frame = canonical(interactions.select("a", "b", "on", "weight"))
    weight = pl.col("weight")
    if half_life_days is not None and at is not None:
        age = (pl.lit(at) - pl.col("on")).dt.total_days().cast(pl.Float64)
        weight = weight * (age * (-LN2 / half_life_days)).exp()
    return (
        group_by_pair(
            frame.filter(pl.col("a") != pl.col("b")),
            weight.sum().alias("weight"),
            pl.len().cast(pl.UInt32).alias("interactions"),
        )
        .sort("a", "b")
        .cast(TIE_SCHEMA)
    )


def build_tie_graph(
    ties: pl.DataFrame, people: pl.Series | np.ndarray, members: pl.DataFrame | None = None
) -> TieGraph:
    """A :class:`TieGraph` on ``people`` ∪ the endpoints of ``ties``.

    Parameters
    ----------
    ties : DataFrame[a, b, weight, interactions]
        One row per unordered pair (``a`` < ``b``), e.g. from :func:`aggregate_ties`.
    people : person ids that must be vertices even without ties.
    members : the members table, for each vertex's organisation and sector.
    """
    ids = np.unique(
        np.concatenate(
            [
                np.asarray(people, dtype=np.int64),
                ties["a"].to_numpy().astype(np.int64, copy=False),
                ties["b"].to_numpy().astype(np.int64, copy=False),
            ]
        )
    )
    source = np.searchsorted(ids, ties["a"].to_numpy())
    target = np.searchsorted(ids, ties["b"].to_numpy())
    graph = ig.Graph(n=len(ids), edges=np.column_stack([source, target]), directed=False)
    graph.es["weight"] = ties["weight"].to_list()
    vertices = pl.DataFrame({"person_id": ids}, schema={"person_id": pl.Int64})
    if members is not None:
        info = members.select("person_id", "organisation_id", "sector").unique("person_id")
        vertices = vertices.join(info, on="person_id", how="left", maintain_order="left")
    else:
        vertices = vertices.with_columns(
            pl.lit(None, pl.Int64).alias("organisation_id"), pl.lit(None, pl.String).alias("sector")
        )
    return TieGraph(graph=graph, person_ids=ids, ties=ties, vertices=vertices)


def tie_graph(
    tables: NetworkTables,
    period: Period,
    settings: MetricSettings | None = None,
    *,
    decayed: bool = False,
) -> TieGraph:
    """The tie graph of ``period``.

    Vertices: every member active in the period (see ``docs/metrics.md``) and everybody who
    interacted in it. Edges: every pair with at least one interaction in the period, weighted
    by the sum of the interactions' weights (decayed to ``period.end`` when ``decayed``).

    Parameters
    ----------
    tables : NetworkTables
    period : Period
    settings : MetricSettings, optional
        For kind weights and the half-life.
    decayed : bool
        Weight each interaction by 0.5^((period.end − on)/half_life) instead of 1.

    Returns
    -------
    TieGraph
    """
    settings = settings or MetricSettings()
    # Only the columns aggregate_ties reads: the filter then copies 4 of the 8 columns.
    interactions = in_period(
        weighted_interactions(tables, settings).select("a", "b", "on", "weight"), "on", period
    )
    ties = aggregate_ties(
        interactions,
        half_life_days=settings.half_life_days if decayed else None,
        at=period.end if decayed else None,
    )
    people = active_members(tables, period)["person_id"]
    return build_tie_graph(ties, people.to_numpy(), tables.members)
