"""Every metric NetworkX also computes equals NetworkX within 1e-9 on the reference graphs.

Graphs: Zachary's karate club, Les Misérables, Davis Southern Women (projected onto the women,
weight = shared events), Florentine families, a generated clustered network, and the real
SocioPatterns workplace contacts (2013; weight = days on which the pair met), and the 2025 ties
of a network from netweave's own generator.
"""

from __future__ import annotations

from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
from insights_helpers import tie_graph_of

from netweave.insights import betweenness, cohesion, constraint, key_players
from netweave.insights.cohesion import leiden_communities

TOL = 1e-9


def as_array(values: dict[object, float], nodes: list[object]) -> np.ndarray:
    return np.array([values[node] for node in nodes], dtype=float)


def test_density_clustering_transitivity_components(reference_graph):
    _, graph = reference_graph
    ties, _ = tie_graph_of(graph)
    result = cohesion(ties)
    assert result.density == pytest.approx(nx.density(graph), abs=TOL)
    assert result.average_clustering == pytest.approx(nx.average_clustering(graph), abs=TOL)
    assert result.transitivity == pytest.approx(nx.transitivity(graph), abs=TOL)
    assert result.components == nx.number_connected_components(graph)
    largest = max(len(c) for c in nx.connected_components(graph))
    assert result.largest_component == largest
    assert result.largest_component_share == pytest.approx(largest / graph.number_of_nodes())


def test_local_clustering_matches(reference_graph):
    _, graph = reference_graph
    ties, nodes = tie_graph_of(graph)
    ours = np.array(ties.graph.transitivity_local_undirected(mode="zero"))
    assert np.abs(ours - as_array(nx.clustering(graph), nodes)).max() <= TOL


def test_exact_betweenness_unweighted(reference_graph):
    _, graph = reference_graph
    ties, nodes = tie_graph_of(graph)
    expected = as_array(nx.betweenness_centrality(graph, normalized=True), nodes)
    assert np.abs(betweenness(ties) - expected).max() <= TOL


def test_exact_betweenness_weighted_uses_inverse_weight_as_length(reference_graph):
    """NetworkX runs on exact rational lengths 1/w (all reference weights are whole numbers).

    With float lengths NetworkX compares path lengths exactly, so 1/3 + 1/6 and 1/2 may count
    as different lengths; igraph compares with a tolerance. Exact fractions settle which one is
    right: the tie is real.
    """
    _, graph = reference_graph
    lengths = graph.copy()
    for _, _, data in lengths.edges(data=True):
        weight = data.get("weight", 1.0)
        assert float(weight).is_integer()
        data["length"] = Fraction(1, int(weight))
    ties, nodes = tie_graph_of(graph)
    expected = as_array(nx.betweenness_centrality(lengths, weight="length"), nodes)
    assert np.abs(betweenness(ties, weighted=True) - expected).max() <= TOL


@pytest.mark.parametrize("weighted", [True, False])
def test_constraint(reference_graph, weighted):
    _, graph = reference_graph
    ties, nodes = tie_graph_of(graph)
    expected = as_array(nx.constraint(graph, weight="weight" if weighted else None), nodes)
    ours = constraint(ties, weighted=weighted)
    assert np.array_equal(np.isnan(ours), np.isnan(expected))
    finite = ~np.isnan(expected)
    assert np.abs(ours[finite] - expected[finite]).max() <= TOL


def test_articulation_points_and_removal_effects(reference_graph):
    _, graph = reference_graph
    ties, nodes = tie_graph_of(graph)
    result = key_players(ties)
    found = {nodes[i] for i in result.members["person_id"].to_list()}
    assert found == set(nx.articulation_points(graph))
    for row in result.members.iter_rows(named=True):
        node = nodes[row["person_id"]]
        component = nx.node_connected_component(graph, node)
        rest = graph.subgraph(component - {node})
        pieces = [len(c) for c in nx.connected_components(rest)]
        without = graph.copy()
        without.remove_node(node)
        size = len(component)
        assert row["pieces"] == len(pieces)
        assert row["component_size"] == size
        assert row["reachable_pairs_lost"] == size * (size - 1) // 2 - sum(
            p * (p - 1) // 2 for p in pieces
        )
        assert row["largest_after"] == max(len(c) for c in nx.connected_components(without))
    lost = result.members["reachable_pairs_lost"].to_list()
    assert lost == sorted(lost, reverse=True)
    assert result.members["rank"].to_list() == list(range(1, result.count + 1))


def test_modularity_of_found_partition(reference_graph):
    _, graph = reference_graph
    ties, nodes = tie_graph_of(graph)
    result = cohesion(ties)
    membership = leiden_communities(ties, seed=42)
    groups: dict[int, set[object]] = {}
    for node, community in zip(nodes, membership.tolist(), strict=True):
        groups.setdefault(community, set()).add(node)
    expected = nx.community.modularity(graph, groups.values(), weight="weight")
    assert result.modularity == pytest.approx(expected, abs=TOL)
    assert result.community_count == len(groups)
    # Ties between communities, counted straight from the graph.
    between = [
        (u, v, d.get("weight", 1.0))
        for u, v, d in graph.edges(data=True)
        if membership[nodes.index(u)] != membership[nodes.index(v)]
    ]
    assert result.between_community_ties == len(between)
    assert result.between_community_weight == pytest.approx(sum(w for *_, w in between))


def test_leiden_is_deterministic_for_a_seed(reference_graph):
    _, graph = reference_graph
    ties, _ = tie_graph_of(graph)
    assert np.array_equal(leiden_communities(ties, seed=3), leiden_communities(ties, seed=3))
