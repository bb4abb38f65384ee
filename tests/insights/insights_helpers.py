"""Reference graphs and table builders shared by the insights tests (no Django)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

import networkx as nx
import numpy as np
import polars as pl

from netweave.insights import NetworkTables, TieGraph, build_tie_graph
from netweave.insights.tables import SCHEMAS

WORKPLACE = Path(__file__).parent.parent / "data" / "workplace-2013"
WORKPLACE_DAY0 = date(2013, 6, 24)
DEPARTMENT_SECTORS = {
    # Departments become organisations; their sectors are an arbitrary assignment for tests.
    "DISQ": "knowledge",
    "DMCT": "business",
    "DSE": "government",
    "SFLE": "civil_society",
    "SRH": "business",
}
DAY = date(2025, 1, 1)


def tie_graph_of(graph: nx.Graph) -> tuple[TieGraph, list[object]]:
    """The TieGraph of a NetworkX graph; vertex i is the i-th node in sorted(str) order."""
    nodes = sorted(graph.nodes(), key=str)
    index = {node: i for i, node in enumerate(nodes)}
    rows = [
        (min(index[u], index[v]), max(index[u], index[v]), float(d.get("weight", 1.0)))
        for u, v, d in graph.edges(data=True)
    ]
    ties = pl.DataFrame(
        {
            "a": [r[0] for r in rows],
            "b": [r[1] for r in rows],
            "weight": [r[2] for r in rows],
            "interactions": [1] * len(rows),
        },
        schema={"a": pl.Int64, "b": pl.Int64, "weight": pl.Float64, "interactions": pl.UInt32},
    ).sort("a", "b")
    return build_tie_graph(ties, np.arange(len(nodes))), nodes


def clustered_graph(n: int = 300, community: int = 20, seed: int = 11) -> nx.Graph:
    """A random clustered graph made with NumPy: dense communities, sparse bridges, weights."""
    rng = np.random.default_rng(seed)
    groups = np.arange(n) // community
    a = rng.integers(0, n, size=6 * n)
    inside = rng.random(6 * n) < 0.8
    b_inside = groups[a] * community + rng.integers(0, community, size=6 * n)
    b = np.where(inside, np.minimum(b_inside, n - 1), rng.integers(0, n, size=6 * n))
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    for u, v, w in zip(
        a.tolist(), b.tolist(), rng.integers(1, 6, size=6 * n).tolist(), strict=True
    ):
        if u != v:
            graph.add_edge(u, v, weight=float(w))
    # A few pendant members and a detached pair so articulation points and components exist.
    graph.add_edge(n, 0, weight=1.0)
    graph.add_edge(n + 1, n, weight=2.0)
    graph.add_edge(n + 2, n + 3, weight=1.0)
    graph.add_node(n + 4)
    return graph


def workplace_interactions() -> pl.DataFrame:
    """SocioPatterns workplace contacts aggregated per pair per day (one meeting each)."""
    contacts = pl.read_csv(
        WORKPLACE / "contacts.tsv",
        separator=" ",
        has_header=False,
        new_columns=["t", "i", "j"],
        schema_overrides={"t": pl.Int64, "i": pl.Int64, "j": pl.Int64},
    )
    return (
        contacts.with_columns(
            (pl.lit(WORKPLACE_DAY0) + pl.duration(days=pl.col("t") // 86_400)).alias("on"),
            pl.min_horizontal("i", "j").alias("a"),
            pl.max_horizontal("i", "j").alias("b"),
        )
        .group_by("a", "b", "on")
        .len()
        .select(
            "a",
            "b",
            "on",
            pl.lit("meeting").alias("kind"),
            pl.lit(False).alias("directed"),
            pl.lit("network").alias("purpose"),
            pl.lit("logged").alias("source"),
            pl.lit(1.0).alias("weight"),
        )
        .sort("a", "b", "on")
    )


def workplace_tables() -> NetworkTables:
    departments = pl.read_csv(
        WORKPLACE / "departments.txt",
        separator="\t",
        has_header=False,
        new_columns=["person_id", "department"],
        schema_overrides={"person_id": pl.Int64, "department": pl.String},
    ).with_columns(pl.col("department").str.strip_chars())
    names = sorted(DEPARTMENT_SECTORS)
    organisations = pl.DataFrame(
        {
            "organisation_id": list(range(1, len(names) + 1)),
            "name": names,
            "sector": [DEPARTMENT_SECTORS[name] for name in names],
        }
    )
    members = departments.join(
        organisations.rename({"name": "department"}), on="department"
    ).select(
        "person_id",
        "organisation_id",
        "sector",
        pl.lit(WORKPLACE_DAY0).alias("joined"),
        pl.lit(None, pl.Date).alias("left"),
    )
    return NetworkTables.build(
        organisations=organisations, members=members, interactions=workplace_interactions()
    )


def workplace_graph() -> nx.Graph:
    """The workplace tie graph with NetworkX: weight = number of days the pair met."""
    graph = nx.Graph()
    tables = workplace_tables()
    graph.add_nodes_from(tables.members["person_id"].to_list())
    for a, b, days in tables.interactions.group_by("a", "b").len().iter_rows():
        graph.add_edge(a, b, weight=float(days))
    return graph


def davis_projected() -> nx.Graph:
    davis = nx.davis_southern_women_graph()
    women = [n for n, d in davis.nodes(data=True) if d["bipartite"] == 0]
    return nx.bipartite.weighted_projected_graph(davis, women)


def synth_graph() -> nx.Graph:
    """The 2025 ties of a network from netweave's own generator (weight = interactions)."""
    from netweave import synth

    network = synth.generate(synth.SynthConfig(members=150, until=date(2026, 6, 30), seed=3))
    pairs = (
        network.tables.interactions.filter(pl.col("on").dt.year() == 2025)
        .select(pl.min_horizontal("a", "b").alias("u"), pl.max_horizontal("a", "b").alias("v"))
        .group_by("u", "v")
        .len()
    )
    graph = nx.Graph()
    graph.add_weighted_edges_from(pairs.iter_rows())
    return graph


REFERENCE_GRAPHS = {
    "karate": nx.karate_club_graph,
    "les_miserables": nx.les_miserables_graph,
    "davis_southern_women": davis_projected,
    "florentine": nx.florentine_families_graph,
    "clustered": clustered_graph,
    "workplace_2013": workplace_graph,
    "synth_2025": synth_graph,
}


def interaction_rows(rows: Iterable[dict[str, object]]) -> pl.DataFrame:
    """Interactions from partial dicts; unspecified columns get neutral defaults."""
    defaults = {
        "kind": "meeting",
        "directed": False,
        "purpose": "network",
        "source": "logged",
        "weight": 1.0,
        "on": DAY,
    }
    return pl.DataFrame(
        [defaults | dict(row) for row in rows], schema=dict(SCHEMAS["interactions"])
    )


def members_frame(
    people: dict[int, tuple[int, str]], joined: date = date(2020, 1, 1)
) -> pl.DataFrame:
    """Members from {person_id: (organisation_id, sector)}."""
    return pl.DataFrame(
        {
            "person_id": list(people),
            "organisation_id": [org for org, _ in people.values()],
            "sector": [sector for _, sector in people.values()],
            "joined": [joined] * len(people),
            "left": [None] * len(people),
        },
        schema={
            "person_id": pl.Int64,
            "organisation_id": pl.Int64,
            "sector": pl.String,
            "joined": pl.Date,
            "left": pl.Date,
        },
    )


def days_before(day: date, days: int) -> date:
    return day - timedelta(days=days)
