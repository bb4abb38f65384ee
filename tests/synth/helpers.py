"""Small Polars helpers shared by the generator tests."""

from __future__ import annotations

from datetime import timedelta

import networkx as nx
import polars as pl

from netweave.synth import SyntheticNetwork


def pairs(interactions: pl.DataFrame) -> pl.DataFrame:
    """Distinct unordered pairs (u < v) that interacted."""
    return interactions.select(
        pl.min_horizontal("a", "b").alias("u"), pl.max_horizontal("a", "b").alias("v")
    ).unique()


def tie_graph(network: SyntheticNetwork) -> nx.Graph:
    """Everyone who was a member, tied when they interacted at least once in the window."""
    graph = nx.Graph()
    graph.add_nodes_from(network.tables.members["person_id"].to_list())
    graph.add_edges_from(pairs(network.tables.interactions).iter_rows())
    return graph


def with_year(network: SyntheticNetwork) -> pl.DataFrame:
    """Interactions with ``year`` 1, 2, 3 (365-day years from the window start)."""
    start = network.config.until - timedelta(days=network.config.days)
    days = (pl.col("on") - pl.lit(start)).dt.total_days()
    return network.tables.interactions.with_columns(year=(days // 365).clip(0, 2) + 1)


def with_sectors(network: SyntheticNetwork, frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with the sector and organisation of ``a`` and ``b``."""
    members = network.tables.members.select("person_id", "organisation_id", "sector")
    for side in ("a", "b"):
        frame = frame.join(
            members.rename(
                {"person_id": side, "organisation_id": f"org_{side}", "sector": f"sector_{side}"}
            ),
            on=side,
            how="left",
        )
    return frame


def top_share(counts: pl.Series, share: float) -> float:
    """Share of the total held by the top ``share`` of the counts (at least one)."""
    ordered = counts.sort(descending=True)
    top = max(1, round(share * len(ordered)))
    return ordered[:top].sum() / ordered.sum()
