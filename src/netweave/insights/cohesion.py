r"""Cohesion: how tightly knit the network is, and the communities it falls into.

For an undirected simple graph with :math:`n` vertices and :math:`m` ties:

- density :math:`d = 2m / (n(n-1))` (0 for :math:`n < 2`);
- local clustering :math:`C_v = 2T(v) / (k_v(k_v-1))` with :math:`T(v)` the triangles through
  :math:`v`, 0 when :math:`k_v < 2`; average clustering :math:`\bar C = \frac1n \sum_v C_v`
  (unweighted, as :func:`networkx.average_clustering`);
- transitivity :math:`3 \times \text{triangles} / \text{connected triples}`
  (:func:`networkx.transitivity`);
- components, the largest component's size and its share of all vertices;
- communities: Leiden (Traag et al. 2019) maximising weighted modularity
  :math:`Q = \frac{1}{2W}\sum_{ij}\big(A_{ij} - \frac{s_i s_j}{2W}\big)\,\delta(c_i,c_j)`
  (:func:`networkx.community.modularity` with ``weight="weight"``),
  ``settings.leiden_iterations`` passes, igraph's implementation with seed
  ``settings.seed`` (see ``docs/insights.md`` for why not
  ``leidenalg``);
  ties between communities: count and weight of ties whose ends are in different communities.

References
----------
Watts, D. J., Strogatz, S. H. (1998). Collective dynamics of 'small-world' networks. *Nature*.
Newman, M. E. J. (2004). Analysis of weighted networks. *Phys. Rev. E* 70, 056131.
Traag, V. A., Waltman, L., van Eck, N. J. (2019). From Louvain to Leiden. *Sci. Rep.* 9, 5233.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import igraph as ig
import numpy as np
import polars as pl

from netweave.insights._frames import share
from netweave.insights.graph import TieGraph
from netweave.insights.settings import MetricSettings

__all__ = ["Cohesion", "cohesion", "leiden_communities"]


@dataclass(frozen=True)
class Cohesion:
    """Density, clustering, components and communities of a tie graph.

    Attributes
    ----------
    density, average_clustering, transitivity : float
    components, largest_component, isolated : int
    largest_component_share : float
    communities : DataFrame[person_id, community]
    community_count : int
    modularity : float
    community_sizes : DataFrame[community, members]
    between_communities : DataFrame[community_a, community_b, ties, weight]
    between_community_ties : int
    between_community_weight : float
    between_community_share : float
        Share of ties that run between communities.
    """

    density: float
    average_clustering: float
    transitivity: float
    components: int
    largest_component: int
    largest_component_share: float
    isolated: int
    communities: pl.DataFrame
    community_count: int
    modularity: float
    community_sizes: pl.DataFrame
    between_communities: pl.DataFrame
    between_community_ties: int
    between_community_weight: float
    between_community_share: float


def leiden_communities(tie_graph: TieGraph, seed: int = 42, iterations: int = 2) -> np.ndarray:
    """Community of each vertex: Leiden with the (weighted) modularity objective."""
    graph = tie_graph.graph
    if graph.vcount() == 0:
        return np.zeros(0, dtype=np.int64)
    if graph.ecount() == 0:
        return np.arange(graph.vcount(), dtype=np.int64)
    with seeded_igraph(seed):
        clustering = graph.community_leiden(
            objective_function="modularity", weights="weight", n_iterations=iterations
        )
    return np.asarray(clustering.membership, dtype=np.int64)


@contextmanager
def seeded_igraph(seed: int) -> Iterator[None]:
    """Run igraph with its own seeded generator, then give it back Python's ``random``.

    igraph draws from one process-wide generator; a private ``random.Random`` makes the result
    depend on ``seed`` only.
    """
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def cohesion(tie_graph: TieGraph, settings: MetricSettings | None = None) -> Cohesion:
    """Cohesion figures and Leiden communities of ``tie_graph``.

    Parameters
    ----------
    tie_graph : TieGraph
    settings : MetricSettings, optional
        ``seed`` for Leiden.

    Returns
    -------
    Cohesion
    """
    settings = settings or MetricSettings()
    graph = tie_graph.graph
    n, m = graph.vcount(), graph.ecount()
    density = 2.0 * m / (n * (n - 1)) if n > 1 else 0.0
    local = np.asarray(graph.transitivity_local_undirected(mode="zero"), dtype=float)
    average_clustering = float(local.mean()) if n else 0.0
    transitivity = float(graph.transitivity_undirected(mode="zero")) if n else 0.0
    if np.isnan(transitivity):
        transitivity = 0.0
    sizes = np.asarray(graph.connected_components().sizes(), dtype=np.int64) if n else np.zeros(0)
    largest = int(sizes.max()) if n else 0
    membership = leiden_communities(tie_graph, settings.seed, settings.leiden_iterations)
    modularity = float(graph.modularity(membership.tolist(), weights="weight")) if m else 0.0
    communities = pl.DataFrame(
        {"person_id": tie_graph.person_ids, "community": membership},
        schema={"person_id": pl.Int64, "community": pl.UInt32},
    )
    community_sizes = (
        communities.group_by("community")
        .agg(pl.len().cast(pl.UInt32).alias("members"))
        .sort(["members", "community"], descending=[True, False])
    )
    between = _between_communities(tie_graph, membership)
    between_ties = int(between["ties"].sum()) if between.height else 0
    return Cohesion(
        density=density,
        average_clustering=average_clustering,
        transitivity=transitivity,
        components=len(sizes),
        largest_component=largest,
        largest_component_share=share(largest, n),
        isolated=int((np.asarray(graph.degree()) == 0).sum()) if n else 0,
        communities=communities,
        community_count=len(np.unique(membership)),
        modularity=modularity,
        community_sizes=community_sizes,
        between_communities=between,
        between_community_ties=between_ties,
        between_community_weight=float(between["weight"].sum()) if between.height else 0.0,
        between_community_share=share(between_ties, m),
    )


def _between_communities(tie_graph: TieGraph, membership: np.ndarray) -> pl.DataFrame:
    ties = tie_graph.ties
    ca = membership[tie_graph.index_of(ties["a"])] if ties.height else np.zeros(0, np.int64)
    cb = membership[tie_graph.index_of(ties["b"])] if ties.height else np.zeros(0, np.int64)
    return (
        pl.DataFrame(
            {
                "community_a": np.minimum(ca, cb),
                "community_b": np.maximum(ca, cb),
                "weight": ties["weight"].to_numpy(),
            },
            schema={"community_a": pl.UInt32, "community_b": pl.UInt32, "weight": pl.Float64},
        )
        .filter(pl.col("community_a") != pl.col("community_b"))
        .group_by("community_a", "community_b")
        .agg(pl.len().cast(pl.UInt32).alias("ties"), pl.col("weight").sum())
        .select("community_a", "community_b", "ties", "weight")
        .sort("community_a", "community_b")
    )
