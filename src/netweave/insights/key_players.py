r"""Key players: members whose departure would split the network.

A member is a key player when they are an *articulation point*: removing them (and their ties)
increases the number of components. For each, with :math:`N` the size of their component and
:math:`p_1, \dots, p_r` the sizes of the pieces it falls into without them
(:math:`\sum p_i = N - 1`):

- ``pieces`` :math:`r`;
- ``largest_after``: the largest component of the whole network after removal;
- ``reachable_pairs_lost`` :math:`= \binom{N}{2} - \sum_i \binom{p_i}{2}`, the pairs of members
  (including pairs with the removed member) who could reach each other before and cannot after
  (the fragmentation view of Borgatti 2006).

Ranked by ``reachable_pairs_lost`` (ties broken by person id). Computed for all articulation
points at once from the block–cut tree (Hopcroft & Tarjan 1973): the pieces left by an
articulation point are the subtrees hanging off it, and subtree sizes are summed level by
level with NumPy.

References
----------
Hopcroft, J., Tarjan, R. (1973). Efficient algorithms for graph manipulation. *CACM* 16(6).
Borgatti, S. P. (2006). Identifying sets of key players in a social network.
*Comput. Math. Organ. Theory* 12, 21–34.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import igraph as ig
import numpy as np
import polars as pl

from netweave.insights.graph import TieGraph

__all__ = ["KeyPlayers", "key_players"]

SCHEMA = pl.Schema(
    {
        "person_id": pl.Int64(),
        "rank": pl.UInt32(),
        "pieces": pl.UInt32(),
        "component_size": pl.UInt32(),
        "largest_after": pl.UInt32(),
        "reachable_pairs_lost": pl.Int64(),
    }
)


@dataclass(frozen=True)
class KeyPlayers:
    """Articulation points ranked by how much the network would fall apart without them.

    Attributes
    ----------
    members : DataFrame[person_id, rank, pieces, component_size, largest_after,
        reachable_pairs_lost]
    count : int
        Number of articulation points.
    largest_component : int
        Size of the largest component with everybody present.
    """

    members: pl.DataFrame
    count: int
    largest_component: int


def _pairs(sizes: np.ndarray) -> np.ndarray:
    return sizes * (sizes - 1) // 2


def key_players(tie_graph: TieGraph) -> KeyPlayers:
    """Articulation points of ``tie_graph`` with the effect of removing each.

    Parameters
    ----------
    tie_graph : TieGraph

    Returns
    -------
    KeyPlayers
    """
    graph = tie_graph.graph
    n = graph.vcount()
    component_sizes = np.asarray(graph.connected_components().sizes(), dtype=np.int64)
    largest = int(component_sizes.max()) if n else 0
    blocks, points = graph.biconnected_components(return_articulation_points=True)
    points = np.asarray(sorted(points), dtype=np.int64)
    if n == 0 or len(points) == 0:
        return KeyPlayers(pl.DataFrame(schema=SCHEMA), 0, largest)

    lengths = np.fromiter((len(block) for block in blocks), dtype=np.int64, count=len(blocks))
    members = np.fromiter(
        (v for block in blocks for v in block), dtype=np.int64, count=int(lengths.sum())
    )
    block_of = np.repeat(np.arange(len(blocks)), lengths)
    ap_index = np.full(n, -1, dtype=np.int64)
    ap_index[points] = np.arange(len(points))
    is_point = ap_index[members] >= 0
    n_blocks, n_points = len(blocks), len(points)
    # Block-cut forest: nodes 0..B-1 are blocks, B..B+A-1 articulation points, B+A a root.
    weight = np.zeros(n_blocks + n_points + 1, dtype=np.int64)
    weight[:n_blocks] = np.bincount(block_of[~is_point], minlength=n_blocks)
    weight[n_blocks : n_blocks + n_points] = 1
    root = n_blocks + n_points
    edges = np.column_stack([block_of[is_point], n_blocks + ap_index[members[is_point]]])
    forest = ig.Graph(n=root + 1, edges=edges, directed=False)
    tree_membership = np.asarray(forest.connected_components().membership)[:root]
    first_block = np.unique(tree_membership[:n_blocks], return_index=True)[1]
    forest.add_edges(np.column_stack([np.full(len(first_block), root), first_block]))

    order, layers, parents = forest.bfs(root)
    order, parents = np.asarray(order), np.asarray(parents)
    subtree = weight.copy()
    # Sum subtree weights from the deepest layer up (one vectorised step per layer).
    for start, stop in reversed(list(pairwise(layers[1:]))):
        nodes = order[start:stop]
        np.add.at(subtree, parents[nodes], subtree[nodes])
    # Each tree node's component size is the subtree total of its tree's top node.
    component_total = np.zeros(root + 1, dtype=np.int64)
    for start, stop in pairwise(layers[1:]):
        nodes = order[start:stop]
        component_total[nodes] = np.where(
            parents[nodes] == root, subtree[nodes], component_total[parents[nodes]]
        )

    ap_nodes = n_blocks + np.arange(n_points)
    children = order[layers[1] :]
    children = children[(parents[children] >= n_blocks) & (parents[children] < root)]
    slot = parents[children] - n_blocks
    pieces = np.bincount(slot, minlength=n_points)
    pair_sum = np.bincount(slot, weights=_pairs(subtree[children]), minlength=n_points)
    biggest = np.zeros(n_points, dtype=np.int64)
    np.maximum.at(biggest, slot, subtree[children])
    total = component_total[ap_nodes]
    has_parent = parents[ap_nodes] != root
    upper = np.where(has_parent, total - subtree[ap_nodes], 0)
    pieces = pieces + has_parent
    pair_sum = pair_sum.astype(np.int64) + _pairs(upper)
    biggest = np.maximum(biggest, upper)
    reachable_lost = _pairs(total) - pair_sum

    ranked = np.sort(component_sizes)[::-1]
    second = int(ranked[1]) if len(ranked) > 1 else 0
    other = np.where((total == largest) & (second < largest), second, largest)
    frame = pl.DataFrame(
        {
            "person_id": tie_graph.person_ids[points],
            "pieces": pieces,
            "component_size": total,
            "largest_after": np.maximum(biggest, other),
            "reachable_pairs_lost": reachable_lost,
        }
    ).sort(["reachable_pairs_lost", "person_id"], descending=[True, False])
    frame = (
        frame.with_columns(pl.int_range(1, frame.height + 1).alias("rank"))
        .select(list(SCHEMA))
        .cast(SCHEMA)
    )
    return KeyPlayers(members=frame, count=frame.height, largest_component=largest)
