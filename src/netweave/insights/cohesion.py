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
  ``settings.seed`` on the graph in its canonical order (BLISS), so that the partition does
  not depend on how the members are numbered (see ``docs/insights.md`` for why not
  ``leidenalg``);
  ties between communities: count and weight of ties whose ends are in different communities.

References
----------
Watts, D. J., Strogatz, S. H. (1998). Collective dynamics of 'small-world' networks. *Nature*.
Newman, M. E. J. (2004). Analysis of weighted networks. *Phys. Rev. E* 70, 056131.
Traag, V. A., Waltman, L., van Eck, N. J. (2019). From Louvain to Leiden. *Sci. Rep.* 9, 5233.
Junttila, T., Kaski, P. (2007). Engineering an efficient canonical labeling tool for large and
sparse graphs. *ALENEX 2007*, 135–149.
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

__all__ = ["Cohesion", "canonical_order", "cohesion", "leiden_communities"]


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
    """Community of each vertex: Leiden with the (weighted) modularity objective.

    Leiden visits the vertices in an order drawn from ``seed``, so the same graph with its
    vertices numbered otherwise can fall into another partition (of the same modularity or
    not): ids given in another order would change the report's ties between communities. It
    therefore runs on the graph in its canonical order (:func:`canonical_order`), which does
    not depend on the person ids: relabelling the members gives the same partition up to a
    symmetry of the graph, and so the same figures.
    """
    graph = tie_graph.graph
    if graph.vcount() == 0:
        return np.zeros(0, dtype=np.int64)
    if graph.ecount() == 0:
        return np.arange(graph.vcount(), dtype=np.int64)
    position = canonical_order(graph)
    ends = position[np.asarray(graph.get_edgelist(), dtype=np.int64)]
    ends.sort(axis=1)
    edges = np.lexsort((ends[:, 1], ends[:, 0]))
    canonical = ig.Graph(n=graph.vcount(), edges=ends[edges], directed=False)
    canonical.es["weight"] = np.asarray(graph.es["weight"], dtype=float)[edges].tolist()
    with seeded_igraph(seed):
        clustering = canonical.community_leiden(
            objective_function="modularity", weights="weight", n_iterations=iterations
        )
    return np.asarray(clustering.membership, dtype=np.int64)[position]


def canonical_order(graph: ig.Graph) -> np.ndarray:
    """The position of each vertex in an order that depends on the weighted graph only.

    BLISS's canonical labelling (Junttila & Kaski 2007, igraph's ``canonical_permutation``) of
    the graph with each tie replaced by a vertex coloured by the tie's weight, so that two
    numberings of the same weighted graph give the same graph in this order. Vertices without
    a tie come last, in their own order: they are interchangeable, and left to BLISS they cost
    it most of its time (7 s instead of 0.8 s at 100,000 members).
    """
    n, m = graph.vcount(), graph.ecount()
    degree = np.asarray(graph.degree(), dtype=np.int64)
    tied = np.flatnonzero(degree > 0)
    alone = np.flatnonzero(degree == 0)
    index = np.full(n, -1, dtype=np.int64)
    index[tied] = np.arange(len(tied))
    ends = index[np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(m, 2)]
    middle = len(tied) + np.arange(m)
    _, weight_class = np.unique(np.asarray(graph.es["weight"], dtype=float), return_inverse=True)
    subdivided = ig.Graph(
        n=len(tied) + m,
        edges=np.concatenate(
            [np.column_stack([ends[:, 0], middle]), np.column_stack([ends[:, 1], middle])]
        ),
        directed=False,
    )
    colour = np.concatenate([np.zeros(len(tied), dtype=np.int64), 1 + weight_class])
    subdivided.vs["was"] = np.arange(len(tied) + m).tolist()
    labelling = subdivided.canonical_permutation(color=colour.tolist())
    # Read the order off the graph in canonical form (what permute_vertices makes of the
    # labelling is igraph's to define); the tie vertices come among the people: skip them.
    was = np.asarray(subdivided.permute_vertices(labelling).vs["was"], dtype=np.int64)
    position = np.empty(n, dtype=np.int64)
    position[tied[was[was < len(tied)]]] = np.arange(len(tied))
    position[alone] = len(tied) + np.arange(len(alone))
    return position


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
