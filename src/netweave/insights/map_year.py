"""Everything the network map of one year shows, as two tables: people and ties.

People are the vertices of the year's tie graph (:func:`~netweave.insights.graph.tie_graph`)
placed by :func:`~netweave.insights.layout.map_layout`, with what the map can colour, size and
filter by — each an existing metric, computed here by its own function:

- ``community``: Leiden community (:func:`~netweave.insights.cohesion.leiden_communities`);
- ``degree``: number of ties this year;
- ``betweenness``: :func:`~netweave.insights.brokerage.brokerage` (sampled above the exact limit);
- ``help_given``: directed interactions given this year
  (:func:`~netweave.insights.reciprocity.reciprocity`).

Ties are the edges of the year's graph with their summed ``weight`` and their ``warmth`` and
``last_contact`` at the end of the year (:func:`~netweave.insights.warmth.warmth`), strongest
first so a viewer can draw the strongest ones before the rest.

:func:`map_inputs` fingerprints what the map of each year reads, so a caller can leave a year
whose inputs did not change as it was stored (a quick log today changes only this year's map).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import polars as pl

from netweave.insights.brokerage import brokerage
from netweave.insights.cohesion import leiden_communities
from netweave.insights.graph import tie_graph
from netweave.insights.layout import MapLayout, map_layout
from netweave.insights.period import Period
from netweave.insights.reciprocity import reciprocity
from netweave.insights.settings import MetricSettings
from netweave.insights.tables import NetworkTables
from netweave.insights.warmth import warmth

__all__ = ["MAP_FORMAT", "PEOPLE_SCHEMA", "TIES_SCHEMA", "MapYear", "map_inputs", "map_year"]

PEOPLE_SCHEMA = pl.Schema(
    {
        "person_id": pl.Int64(),
        "x": pl.Float64(),
        "y": pl.Float64(),
        "organisation_id": pl.Int64(),
        "sector": pl.String(),
        "community": pl.Int64(),
        "degree": pl.Int64(),
        "betweenness": pl.Float64(),
        "help_given": pl.Int64(),
    }
)
TIES_SCHEMA = pl.Schema(
    {
        "a": pl.Int64(),
        "b": pl.Int64(),
        "weight": pl.Float64(),
        "warmth": pl.Float64(),
        "last_contact": pl.Date(),
    }
)


MAP_FORMAT = 2  # 2: strays of the largest part pulled in to the rim (insights.layout)
"""Part of every fingerprint of :func:`map_inputs`: raise it when :func:`map_year` computes
something differently, so that stored maps of unchanged years are computed again."""


@dataclass(frozen=True)
class MapYear:
    """The map of one year.

    Attributes
    ----------
    year : int
    people : DataFrame (see :data:`PEOPLE_SCHEMA`), sorted by person id.
    ties : DataFrame (see :data:`TIES_SCHEMA`), by weight, heaviest first.
    layout : MapLayout
    """

    year: int
    people: pl.DataFrame
    ties: pl.DataFrame
    layout: MapLayout


def map_year(
    tables: NetworkTables,
    year: int,
    previous: pl.DataFrame | None = None,
    settings: MetricSettings | None = None,
) -> MapYear:
    """The map of ``year``, its layout seeded from ``previous`` (DataFrame[person_id, x, y]).

    Parameters
    ----------
    tables : NetworkTables
    year : int
    previous : DataFrame[person_id, x, y], optional
        Where people sat before (see :func:`~netweave.insights.layout.map_layout`).
    settings : MetricSettings, optional

    Returns
    -------
    MapYear
    """
    settings = settings or MetricSettings()
    period = Period.year(year)
    graph = tie_graph(tables, period, settings)
    layout = map_layout(graph, previous, seed=settings.seed)
    given = reciprocity(tables, period, settings).members.select(
        "person_id", pl.col("given").cast(pl.Int64).alias("help_given")
    )
    people = (
        layout.positions.join(graph.vertices, on="person_id", how="left")
        .with_columns(
            pl.Series("community", leiden_communities(graph, seed=settings.seed), pl.Int64),
            pl.Series("degree", graph.graph.degree(), pl.Int64),
        )
        .join(
            brokerage(graph, settings).members.select("person_id", "betweenness"),
            on="person_id",
            how="left",
        )
        .join(given, on="person_id", how="left")
        .with_columns(pl.col("help_given").fill_null(0))
        .select(PEOPLE_SCHEMA.names())
        .cast(PEOPLE_SCHEMA)
    )
    state = warmth(tables, period.end, settings).ties.select("a", "b", "warmth", "last_contact")
    ties = (
        graph.ties.select("a", "b", "weight")
        .join(state, on=["a", "b"], how="left")
        .sort(["weight", "a", "b"], descending=[True, False, False])
        .select(TIES_SCHEMA.names())
        .cast(TIES_SCHEMA)
    )
    return MapYear(year=year, people=people, ties=ties, layout=layout)


def map_inputs(tables: NetworkTables, years: list[int], settings: MetricSettings) -> dict[int, str]:
    r"""A fingerprint (hex) of everything :func:`map_year` reads for each of ``years`` (ascending).

    The map of year *Y* reads the members (who is present, their organisation and sector), the
    interactions up to the end of *Y* (the year's ties, and their warmth at its end, which
    earlier contacts feed), the settings, and where people sat the year before (its seed). So

    .. math::
        f_Y = \operatorname{sha256}\bigl(\text{format},\ \text{settings},\ M,\
              \textstyle\sum_{i:\ t_i \le \text{end}(Y)} h(i),\ f_{Y-1}\bigr)

    where :math:`h` hashes a row (Polars' ``hash_rows``), sums wrap at :math:`2^{64}` (so the
    order rows were read in does not matter), and :math:`M` is the same sum over the members.
    Equal fingerprints mean equal inputs, except for a collision of 64-bit sums (negligible
    here) and across Polars versions, whose row hashes may differ (then every year is computed
    once more).
    """
    members = _wrapped_sum(tables.members.hash_rows())
    interactions = tables.interactions.sort("on")
    hashes = interactions.hash_rows().to_numpy()
    running = np.cumsum(hashes, dtype=np.uint64)  # wraps at 2**64
    ends = np.searchsorted(interactions["on"].dt.year().to_numpy(), np.asarray(years), side="right")
    fingerprints: dict[int, str] = {}
    before = ""
    for year, end in zip(years, ends.tolist(), strict=True):
        upto = int(running[end - 1]) if end else 0
        key = f"{MAP_FORMAT}|{settings!r}|{members}|{upto}|{before}"
        before = fingerprints[year] = hashlib.sha256(key.encode()).hexdigest()
    return fingerprints


def _wrapped_sum(hashes: pl.Series) -> int:
    return int(np.sum(hashes.to_numpy(), dtype=np.uint64))
